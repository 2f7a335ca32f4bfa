"""Stored occurrences: each published activity expanded into indexed rows (#15)."""
