"""The community app's models: calendar and activity pages, target groups, exceptions, attendance."""

from community.models import feed_events, occurrences, signups  # noqa: F401, E402  (their models register with the app; import them from there)
from community.models.attendance import Attendance
from community.models.pages import ActivityPage, CalendarPage, OccurrenceException
from community.models.target_groups import TargetGroup

__all__ = ["ActivityPage", "Attendance", "CalendarPage", "OccurrenceException", "TargetGroup"]
