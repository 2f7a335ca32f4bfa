"""Residents following a walk or a housing area by email (#16)."""
