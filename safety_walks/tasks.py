"""django-q2 entry points for safety walks: load by id, call the domain function, nothing more."""

from datetime import date

from safety_walks.models import Responsibility
from safety_walks.notifications import notify_responsibility_placed


def send_responsibility_placed(responsibility_id: int, placed_on: str | None = None) -> int:
    """Kept for tasks queued before notifications were claimed where the change is saved."""
    responsibility = (
        Responsibility.objects.select_related("organisation", "finding__walk").filter(pk=responsibility_id).first()
    )
    if responsibility is None:  # removed again before the worker got to it
        return 0
    return notify_responsibility_placed(responsibility, placed_on=date.fromisoformat(placed_on) if placed_on else None)
