"""`{% follow_form page %}`: the follow-by-email form and the Atom links for a walk or the list of walks."""

from django import template
from django.db.models import Q
from django.urls import reverse

from estates import i18n
from estates.models import HousingArea
from estates.pages import not_in_private_section
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
        "feeds": feed_links(page),
    }


@register.simple_tag
def feed_links(page) -> list[tuple[str, str]]:
    """(title, address) of the Atom feeds that belong to this page: the walk's, or one per housing area.
    Worked out once per page object (the head's links and the follow box ask both)."""
    page = getattr(page, "specific", page)
    if not page.pk or not page.live:
        return []
    cached = getattr(page, "_boligsocial_feed_links", None)
    if cached is None:
        cached = page._boligsocial_feed_links = _feed_links(page)
    return cached


def _feed_links(page) -> list[tuple[str, str]]:
    if isinstance(page, WalkPage):
        return [(page.title, reverse("boligsocial:following:walk_feed", args=[i18n.source_page(page).pk]))]
    # The list's live, public walks, joined in one flat query (not nested as a subquery: cheaper to build).
    index = i18n.source_page(page)
    areas = HousingArea.objects.filter(
        # One filter() call: the conditions are asked of the same walk.
        Q(walks__path__startswith=index.path, walks__depth=index.depth + 1, walks__live=True),
        not_in_private_section("walks__path"),
    )
    return [
        (name, reverse("boligsocial:following:area_feed", args=[slug]))
        for name, slug in areas.values_list("name", "slug").distinct()
    ]
