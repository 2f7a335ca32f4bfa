"""Hooks of following: digests and schedules (imported by safety_walks/wagtail_hooks.py)."""
