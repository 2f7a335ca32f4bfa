"""Admin hooks of resident reports: triage (imported by safety_walks/wagtail_hooks.py)."""
