"""Residents follow a walk or a housing area's findings by email (double opt-in, daily digest) and Atom (#16)."""
