"""The public sign-up form of an activity (ActivityPage's `tilmeld/` route): no login, no JavaScript needed.

Like community/views.py it never imports the models (the page imports this module): the data comes through
the page and the sign-up services.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from community.conf import SIGNUPS_PER_ADDRESS_PER_HOUR
from community.signups import availability, services
from community.signups.forms import SignUpForm, offers_for
from estates import conf as estates_conf
from estates import i18n
from estates.security import throttle
from estates.security.client import client_address

TEMPLATE = "community/signups/form.html"


def render(request, template: str, context: dict, *, status: int = 200) -> TemplateResponse:
    context = {"boligsocial_base_template": estates_conf.setting("BOLIGSOCIAL_BASE_TEMPLATE"), **context}
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def signup(request, activity, *, page=None):
    """GET: the form; POST: sign up and go to the receipt, or the form again with what was typed.

    `activity` is the default locale's activity (its places); `page` the one the resident reads (its title and
    addresses in their language), the activity itself where they read Danish."""
    activity = activity.with_schedule()
    page = page or activity
    if not availability.takes_signups(activity):
        if activity.registration_url:
            return HttpResponseRedirect(activity.registration_url)
        raise Http404
    offers = offers_for(activity)
    closed = availability.closed_reason(activity)
    form = SignUpForm(request.POST if request.method == "POST" else None, activity=activity, offers=offers)
    status = 200
    if request.method == "POST" and not closed:
        if form.is_robot:
            return HttpResponseRedirect(page.url)  # a robot filled the hidden field: nothing is kept
        if not throttle.allow_per_hour("signup", address=client_address(request), limit=SIGNUPS_PER_ADDRESS_PER_HOUR):
            form.is_valid()
            form.add_error(None, _("Too many sign-ups from your connection in a short time. Try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                signup = services.sign_up(
                    activity=activity,
                    occurrence_start=form.occurrence_start(),
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    people=form.cleaned_data["people"],
                    note=form.cleaned_data["note"],
                    language=i18n.active_language(),  # the mails are written in it and link to pages in it
                )
            except services.SignUpRefused as refused:
                form.add_error(None, refused.messages)
            else:
                return HttpResponseRedirect(reverse("boligsocial:signups:receipt", args=[signup.token]))
    context = {
        "page": page,
        "activity": activity,
        "form": form,
        "offers": offers,
        "closed": closed,
        "places_left": None if activity.is_recurring else availability.places_left(activity, None),
    }
    return render(request, TEMPLATE, context, status=status)
