"""Periodic schedules of safety walks (estates/schedules.py collects SCHEDULES from every app): each feature
declares its own beside its code, and this module gathers them."""

from safety_walks.following.schedules import SCHEDULES as FOLLOWING_SCHEDULES
from safety_walks.resident_reports.schedules import SCHEDULES as RESIDENT_REPORT_SCHEDULES

SCHEDULES = [*RESIDENT_REPORT_SCHEDULES, *FOLLOWING_SCHEDULES]
