"""The admin's follow-up and theme meeting screens: their form and views (the ModelAdmins are in admin.py).

Staff plan a follow-up meeting (day, time, place), and later record it as held, which takes the snapshot of
every finding's status (safety_walks/follow_up.py). Dates that make no sense are refused in Danish and the
form keeps what was typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail_modeladmin.views import CreateView, EditView

from safety_walks import follow_up
from safety_walks.models import FollowUpMeeting, WalkPage


class ThemeMeetingForm(WagtailAdminModelForm):
    """A theme meeting takes up what one or more walks found: it cannot come before the first of them."""

    def clean(self):
        cleaned = super().clean()
        starts_at, walks = cleaned.get("starts_at"), cleaned.get("walks")
        if starts_at and walks:
            first = min(walks, key=lambda walk: walk.walk_date)
            if starts_at < first.walk_date:
                self.add_error(
                    "starts_at",
                    _("A theme meeting takes up what a walk found, so it cannot be before the walk (%(date)s).")
                    % {"date": timezone.localtime(first.walk_date).strftime("%d.%m.%Y")},
                )
        return cleaned


def _planned(meeting: FollowUpMeeting) -> dict:
    return {name: getattr(meeting, name) for name in follow_up.PLANNED_FIELDS}


class FollowUpMeetingCreateView(CreateView):
    """Plan the meeting, or (with "held on" filled in) record one that was never planned here. Opened from a
    walk (`?walk=<id>`), the walk and its due date are filled in."""

    def get_initial(self):
        initial = super().get_initial()
        walk = WalkPage.objects.filter(pk=self.request.GET.get("walk") or None).first()
        if walk is not None:
            initial.update(walk=walk.pk, planned_on=walk.follow_up_date)
        return initial

    def form_valid(self, form):
        meeting = form.instance
        try:
            if meeting.held_on:
                self.instance = follow_up.follow_up_meeting_record(
                    walk=meeting.walk,
                    held_on=meeting.held_on,
                    summary=meeting.summary,
                    user=self.request.user,
                    **_planned(meeting),
                )
                done = _("The follow-up meeting is recorded with the status of every finding.")
            else:
                self.instance = follow_up.follow_up_meeting_plan(
                    walk=meeting.walk, user=self.request.user, **_planned(meeting)
                )
                done = _("The follow-up meeting is planned. Residents see it on the walk's page and in the calendar.")
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(self.get_success_url())


class FollowUpMeetingEditView(EditView):
    """Move a planned meeting; fill in "held on" to record it (the snapshot is taken then, once)."""

    def form_valid(self, form):
        meeting = form.instance
        was_held = FollowUpMeeting.objects.held().filter(pk=meeting.pk).exists()
        if was_held and not meeting.held_on:
            form.add_error("held_on", _("A meeting that has been held stays recorded. Correct the date instead."))
            return self.form_invalid(form)
        if was_held or not meeting.held_on:
            return super().form_valid(form)
        try:
            self.instance = follow_up.follow_up_meeting_record(
                walk=meeting.walk,
                held_on=meeting.held_on,
                summary=meeting.summary,
                user=self.request.user,
                **_planned(meeting),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up meeting is recorded with the status of every finding."))
        return redirect(self.get_success_url())
