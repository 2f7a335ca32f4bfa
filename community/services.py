"""The push: recording attendance. Keyword-only, validated, one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from community.models import ActivityPage, Attendance


@transaction.atomic
def attendance_record(
    *,
    activity: ActivityPage,
    occurrence_date: date,
    children: int = 0,
    youth: int = 0,
    adults: int = 0,
    elderly: int = 0,
    new_participants: int = 0,
    note: str = "",
    recorded_by=None,
    attendance: Attendance | None = None,
) -> Attendance:
    """Record how many took part in one occurrence, or correct a record: `attendance` when given (the
    admin screens pass the object their form validated), else the one already kept for that date."""
    if attendance is None:
        attendance = Attendance.objects.filter(activity=activity, occurrence_date=occurrence_date).first()
    attendance = attendance or Attendance()
    attendance.activity, attendance.occurrence_date = activity, occurrence_date
    attendance.children, attendance.youth, attendance.adults, attendance.elderly = children, youth, adults, elderly
    attendance.new_participants = new_participants
    attendance.note = note
    attendance.recorded_by = recorded_by
    attendance.full_clean()
    attendance.save()
    return attendance
