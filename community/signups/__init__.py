"""Sign-up for an activity on the site: places enforced in the database, a waiting list, cancel by link (#15)."""
