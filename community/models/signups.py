"""Sign-ups for an activity or one of its occurrences, with a waiting list (#15)."""
