"""The public sign-up views."""

from django.http import Http404


def signup(request, activity):
    """The sign-up form of an activity (ActivityPage's `tilmeld/` route)."""
    raise Http404
