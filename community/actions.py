"""Wagtail's create and edit actions for attendance, saving through the `attendance_record` service, so the
admin screens (and anything else that runs Wagtail's actions) record attendance exactly as the service does."""

from __future__ import annotations

from wagtail.actions import CreateAction, EditAction

from community import services
from community.models import Attendance

RECORDED_FIELDS = ("activity", "occurrence_date", "children", "youth", "adults", "elderly", "new_participants", "note")


def _record(action) -> Attendance:
    """The form's values (or, run without a form, the instance's own) through the service, saved on the
    action's instance: the admin view goes on with that object (its edit link, its log entry)."""
    if action.form is not None:
        values = {name: action.form.cleaned_data[name] for name in RECORDED_FIELDS}
    else:
        values = {name: getattr(action.instance, name) for name in RECORDED_FIELDS}
    return services.attendance_record(**values, recorded_by=action.user, attendance=action.instance)


class RecordAttendanceAction(CreateAction):
    def _save_instance(self):
        self.instance = _record(self)


class CorrectAttendanceAction(EditAction):
    def _save_instance(self):
        self.instance = _record(self)


def register_actions(registry) -> None:
    """For Wagtail's `register_actions` hook."""
    registry.register(Attendance, RecordAttendanceAction)
    registry.register(Attendance, CorrectAttendanceAction)
