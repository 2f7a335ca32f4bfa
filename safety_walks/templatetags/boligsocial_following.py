"""`{% follow_form page %}`: the follow-by-email form and the Atom links for a walk or the list of walks."""

from django import template
from django.urls import reverse

from estates import i18n
from estates.models import HousingArea
from safety_walks.following.forms import FollowForm
from safety_walks.models import WalkPage

register = template.Library()


@register.inclusion_tag("safety_walks/following/follow_form.html", takes_context=True)
def follow_form(context, page):
    page = getattr(page, "specific", page)
    is_walk = isinstance(page, WalkPage)
    if not page.pk or not page.live:  # the preview of a page not yet published: nothing to follow yet
        return {"hidden": True}
    # A walk read in another language is followed as the default locale's walk (the findings are its).
    form = FollowForm(initial={"walk": i18n.source_page(page).pk} if is_walk else {})
    request = context.get("request")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "is_walk": is_walk,
        "page": page,
        "form": form,
        # The areas the request has read already (the header's menu, the list's filter); a walk's form offers
        # none (it follows the walk).
        "area_choices": [] if is_walk else form.area_choices(HousingArea.objects.for_request(request)),
        "feeds": feed_links(page, request),
    }


@register.simple_tag
def feed_links(page, request=None) -> list[tuple[str, str]]:
    """(title, address) of the Atom feeds that belong to this page: the walk's, or one per housing area.
    Worked out once per page object (the head's links and the follow box ask both); the areas' names are those
    the request reads once (the header's menu, the list's filter)."""
    page = getattr(page, "specific", page)
    if not page.pk or not page.live:
        return []
    cached = getattr(page, "_boligsocial_feed_links", None)
    if cached is None:
        cached = page._boligsocial_feed_links = _feed_links(page, request)
    return cached


def _feed_links(page, request) -> list[tuple[str, str]]:
    if isinstance(page, WalkPage):
        return [(page.title, reverse("boligsocial:following:walk_feed", args=[i18n.source_page(page).pk]))]
    # The areas of the list's live, public walks (the list's own overview query), in name order.
    with_walks = page.walk_area_ids()
    return [
        (area.name, reverse("boligsocial:following:area_feed", args=[area.slug]))
        for area in HousingArea.objects.for_request(request)
        if area.pk in with_walks
    ]
