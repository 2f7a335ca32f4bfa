"""The attendance form, pre-filled from the sign-ups: opened for an activity and a date (the reminder's
link, or the sign-up screen's button), it counts the people confirmed for that occurrence."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from community.choices import TargetGroupCode
from community.recurrence import Window, activity_occurrences
from community.signups import availability
from community.signups.records import signups

# Sign-ups do not ask for ages: the people go in the age group the activity is for, or among the adults.
AGE_FIELDS = {
    TargetGroupCode.CHILDREN: "children",
    TargetGroupCode.YOUTH: "youth",
    TargetGroupCode.ADULTS: "adults",
    TargetGroupCode.ELDERLY: "elderly",
}


def signed_up_people(activity, day: date) -> int:
    """People confirmed for the activity's occurrence(s) on that day (the series' sign-ups included)."""
    window = Window.of_days(day, day)
    total = 0
    for occurrence in activity_occurrences(activity, start=window.start, end=window.end):
        if occurrence.cancelled or occurrence.first_day != day:
            continue
        confirmed = signups().of_activity(activity).confirmed()
        total += confirmed.of_occurrence(availability.occurrence_key(occurrence), with_series=True).places_taken()
    return total


def age_field(activity) -> str:
    ages = [AGE_FIELDS[code] for code in activity.target_group_codes if code in AGE_FIELDS]
    return ages[0] if len(ages) == 1 else "adults"


class AttendanceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound or self.instance.pk is not None:
            return
        activity, day = self._asked_for()
        if activity is None or day is None:
            return
        people = signed_up_people(activity.with_schedule(), day)
        if not people:
            return
        field = age_field(activity)
        self.initial[field] = people
        hint = _("Filled in from the %(count)s people who signed up; correct it to who came.")
        self.fields[field].help_text = hint % {"count": people}

    def _asked_for(self):
        activity_id, day = self.initial.get("activity"), self.initial.get("occurrence_date")
        if not activity_id or not day:
            return None, None
        try:
            day = day if isinstance(day, date) else date.fromisoformat(str(day))
        except ValueError:
            return None, None
        page = self.fields["activity"].queryset.filter(pk=activity_id).first() if "activity" in self.fields else None
        activity = page.specific if page is not None else None
        if activity is None or not hasattr(activity, "registration_required"):
            return None, None
        return activity, day
