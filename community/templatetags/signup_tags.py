"""The sign-up box of the activity page: places left (or the waiting list) and the button to the form."""

from django import template

from community.signups import availability
from community.signups.forms import offers_for

register = template.Library()


@register.inclusion_tag("community/signups/box.html", takes_context=True)
def signup_box(context, activity, page=None):
    """`activity` gives the places (the default locale's page); `page`, the one being read, the form's address."""
    if not availability.takes_signups(activity):
        return {"shown": False}
    offers = offers_for(activity)
    next_offer = offers[0] if offers else None
    if activity.is_recurring:
        places_left = next_offer.places_left if next_offer else None
    else:
        places_left = availability.places_left(activity, None)
    request = context.get("request")
    return {
        "shown": True,
        "closed": availability.closed_reason(activity),
        "recurring": activity.is_recurring,
        "next_offer": next_offer,
        "places_left": places_left,
        "capacity": activity.capacity,
        "form_url": (page or activity).get_url(request) + activity.reverse_subpage("signup").lstrip("/"),
    }
