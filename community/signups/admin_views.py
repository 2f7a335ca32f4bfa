"""Staff screens of the sign-ups: the activities that take sign-ups, and per activity and occurrence the
participants and the waiting list, their export, a message to them, and the link to record attendance."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import policy
from community.models import ActivityPage
from community.models.signups import SignUp
from community.recurrence import activity_occurrences
from community.signups import exports, mail, services
from community.signups.forms import SERIES
from community.signups.records import MailKind
from estates import i18n

LOOK_BACK_DAYS = 60


def _activity_for(request, activity_id: int) -> ActivityPage:
    if not policy.can_manage_signups(request.user):
        raise PermissionDenied
    activity = get_object_or_404(ActivityPage, pk=activity_id)
    if not activity.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return activity.with_schedule()


def index(request):
    """The activities with the site's sign-up form, with confirmed and waiting counts (a few queries)."""
    if not policy.can_manage_signups(request.user):
        raise PermissionDenied
    since = timezone.now() - timedelta(days=LOOK_BACK_DAYS)
    activities = list(
        i18n.in_source_locale(ActivityPage.objects.all())
        .filter(registration_required=True, registration_url="", series_end__gt=since)
        .order_by("series_start")
        .specific()
    )
    counts = SignUp.objects.filter(activity__in=activities).values("activity_id", "status")
    totals: dict[tuple[int, str], int] = {}
    for row in counts:
        key = (row["activity_id"], row["status"])
        totals[key] = totals.get(key, 0) + 1
    rows = [
        {
            "activity": activity,
            "confirmed": totals.get((activity.pk, "confirmed"), 0),
            "waiting": totals.get((activity.pk, "waiting"), 0),
            "url": reverse("community_signups_activity", args=[activity.pk]),
        }
        for activity in activities
        if activity.permissions_for_user(request.user).can_edit()
    ]
    return TemplateResponse(request, "community/signups/admin/index.html", {"rows": rows, "page_title": _("Sign-ups")})


def occurrence_choices(activity) -> list[tuple[str, str, datetime | None]]:
    """(value, label, scheduled start) of the series and of every occurrence from LOOK_BACK_DAYS ago on."""
    if not activity.is_recurring:
        return [(SERIES, activity.title, None)]
    now = timezone.now()
    found = activity_occurrences(activity, start=now - timedelta(days=LOOK_BACK_DAYS), end=now + timedelta(days=366))
    choices = [(SERIES, _("Every time (the whole series)"), None)]
    for occurrence in sorted(found, key=lambda o: o.start):
        label = timezone.localtime(occurrence.start).strftime("%d.%m.%Y %H:%M")
        if occurrence.cancelled:
            label += " – " + _("Cancelled")
        choices.append((occurrence.recurrence_id.isoformat(), label, occurrence.recurrence_id))
    return choices


def _chosen(request, activity) -> tuple[str, datetime | None, list]:
    choices = occurrence_choices(activity)
    value = request.GET.get("occurrence") or request.POST.get("occurrence") or SERIES
    for choice_value, _label, start in choices:
        if choice_value == value:
            return value, start, choices
    return SERIES, None, choices


def participants_of(activity, occurrence_start):
    """For one occurrence: its own sign-ups and the series'. For the series: the series' sign-ups."""
    found = SignUp.objects.of_activity(activity).of_occurrence(occurrence_start, with_series=True)
    return found.order_by("status", "created_at", "pk")


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    body = forms.CharField(label=gettext_lazy("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    include_waiting = forms.BooleanField(label=gettext_lazy("Also to those on the waiting list"), required=False)


def activity(request, activity_id: int):
    activity = _activity_for(request, activity_id)
    value, occurrence_start, choices = _chosen(request, activity)
    signups = list(participants_of(activity, occurrence_start))
    export = request.GET.get("export")
    filename = f"tilmeldte-{activity.slug}-{value[:10]}"
    if export == "csv":
        return exports.csv_response(signups, filename=filename)
    if export == "xlsx":
        return exports.xlsx_response(signups, filename=filename)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        return _cancel_one(request, activity, value)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = send_message(signups, **form.cleaned_data)
        messages.success(request, _("The message is on its way to %(count)s participant(s).") % {"count": sent})
        return redirect(f"{request.path}?{urlencode({'occurrence': value})}")
    confirmed = [s for s in signups if s.is_confirmed]
    query = urlencode({"occurrence": value})
    context = {
        "page_title": _("Sign-ups: %(title)s") % {"title": activity.title},
        "activity": activity,
        "choices": [(choice_value, label) for choice_value, label, _start in choices],
        "chosen": value,
        "confirmed": confirmed,
        "waiting": [s for s in signups if s.is_waiting],
        "cancelled": [s for s in signups if s.is_cancelled],
        "people": sum(s.people for s in confirmed),
        "csv_url": f"{request.path}?{query}&export=csv",
        "xlsx_url": f"{request.path}?{query}&export=xlsx",
        "attendance_url": _attendance_url(activity, occurrence_start),
        "form": form,
        "messages_sent": mail.messages_to([s.pk for s in signups]).count(),
    }
    return TemplateResponse(request, "community/signups/admin/activity.html", context)


def _cancel_one(request, activity, value: str):
    """Staff cancel a sign-up for a resident who phoned; the waiting list moves up as with the link."""
    signup = SignUp.objects.of_activity(activity).filter(pk=request.POST.get("signup", "")).first()
    if signup is not None and not signup.is_cancelled:
        moved = services.cancel(signup=signup)
        messages.success(
            request,
            _("%(name)s is cancelled; %(count)s moved up from the waiting list.")
            % {"name": signup.name, "count": len(moved)},
        )
    return redirect(f"{request.path}?{urlencode({'occurrence': value})}")


def _attendance_url(activity, occurrence_start) -> str:
    """The attendance form for a past occurrence, which fills in the number who signed up."""
    if activity.is_recurring and occurrence_start is None:
        return ""
    start = occurrence_start or activity.starts_at
    if start > timezone.now():
        return ""
    day = timezone.localtime(start).date()
    return f"{reverse('community_attendance:add')}?{urlencode({'activity': activity.pk, 'date': day.isoformat()})}"


def send_message(signups, *, subject: str, body: str, include_waiting: bool) -> int:
    """One mail to each chosen participant with an email address; the key makes each message go once."""
    key = uuid.uuid4().hex
    chosen = [s for s in signups if s.email and (s.is_confirmed or (include_waiting and s.is_waiting))]
    presented = mail.presented_activities(chosen)
    return len(
        mail.claim(
            [
                mail.addressed(s, MailKind.MESSAGE, key=key, subject=subject, body=body, presented=presented)
                for s in chosen
            ]
        )
    )
