"""Periodic schedules of safety walks (estates/schedules.py collects SCHEDULES from every app)."""

from safety_walks.resident_reports.schedules import SCHEDULES as RESIDENT_REPORT_SCHEDULES

SCHEDULES = [*RESIDENT_REPORT_SCHEDULES]
