"""Admin hooks of the sign-ups (imported by community/wagtail_hooks.py)."""
