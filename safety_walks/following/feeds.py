"""Atom feeds (RFC 4287) of a walk's or a housing area's public findings and their public updates.
Only public findings, public updates and their public columns are read (safety_walks/following/changes.py):
never an internal note, an author or a photo."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from estates import i18n
from estates.conf import setting as estates_setting
from estates.i18n import presented
from estates.mail import absolute_url
from estates.models import HousingArea
from safety_walks.following import changes
from safety_walks.models import WalkPage

ENTRIES = 50


def walk_feed(request, page_id: int):
    walk = WalkPage.objects.live().public().filter(pk=page_id).first()
    if walk is None:
        raise Http404
    # The findings are the default locale's walk's; the title and link those of its page in the feed's language.
    walk = i18n.source_page(walk)
    shown = presented([walk])[walk.pk]
    return _feed(
        request,
        title=_("Findings of %(name)s") % {"name": shown.title},
        link=shown.get_full_url(request) or walk.get_full_url(request),
        feed_url=absolute_url(reverse("boligsocial:following:walk_feed", args=[walk.pk])),
        walks=changes.followed_walks(walk=walk),
    )


def area_feed(request, slug: str):
    area = get_object_or_404(HousingArea, slug=slug)
    feed_url = absolute_url(reverse("boligsocial:following:area_feed", args=[area.slug]))
    return _feed(
        request,
        title=_("Findings of the safety walks in %(name)s") % {"name": area.name},
        link=feed_url,
        feed_url=feed_url,
        walks=changes.followed_walks(area=area),
    )


def _feed(request, *, title: str, link: str, feed_url: str, walks) -> HttpResponse:
    items = sorted(
        changes.finding_changes(changes.new_findings(walks), ENTRIES)
        + changes.update_changes(changes.public_updates(walks), ENTRIES),
        key=lambda change: (change.at, change.key),
        reverse=True,
    )[:ENTRIES]
    pages = changes.finding_links([item.walk_id for item in items], request)
    site_name = estates_setting("WAGTAIL_SITE_NAME")
    feed = Atom1Feed(
        title=title,
        link=link,
        description="",
        feed_url=feed_url,
        feed_guid=feed_url,
        author_name=site_name,
        language=i18n.active_language(),
    )
    for item in items:
        url = changes.finding_url(pages, item, request) or link
        feed.add_item(
            title=_entry_title(item),
            link=url,
            description=_entry_text(item),
            unique_id=f"{url}#{item.key}",
            unique_id_is_permalink=False,
            pubdate=item.at,
            updateddate=item.at,
            author_name=item.organisation or site_name,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _entry_title(item: changes.Change) -> str:
    if item.kind == "finding":
        return _("New finding: %(title)s") % {"title": item.finding_title}
    if item.status:
        return _("%(title)s: %(status)s") % {"title": item.finding_title, "status": item.status}
    return _("News about %(title)s") % {"title": item.finding_title}


def _entry_text(item: changes.Change) -> str:
    parts = [item.text]
    if item.kind == "finding" and item.location:
        parts.append(_("Where: %(location)s") % {"location": item.location})
    if item.status:
        parts.append(_("Status: %(status)s") % {"status": item.status})
    return "\n".join(part for part in parts if part)
