"""`{% walk_card walk heading_level %}`: a walk in a list of walks (the walk list, the home page's latest walks).

Written in Python (escaped strings joined), not as an included template: a list shows many cards, and each included
template costs more than the page's own work for the walk. The walks come from
safety_walks.reports.walks_with_progress (`card_areas`, `public_total`, `public_resolved`) and
estates.i18n.with_shown (`shown_title`, `shown_url`, `shown_language`)."""

from django import template
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from estates.templatetags.boligsocial_dates import local_date
from estates.templatetags.boligsocial_i18n import lang_of

register = template.Library()


@register.simple_tag(takes_context=True)
def walk_card(context, walk, heading_level: int = 2) -> str:
    heading = "h3" if heading_level == 3 else "h2"
    url = getattr(walk, "shown_url", None) or walk.get_url(context.get("request"))
    title = getattr(walk, "shown_title", None) or walk.title
    when = timezone.localtime(walk.walk_date)
    areas = getattr(walk, "card_areas", None)
    if areas is None:
        areas = [area.name for area in walk.areas.all()]
    # Joined as strings, each value escaped once (a list shows many cards: format_html per part costs more).
    parts = [
        f'<li class="bs-card">\n    <{heading}><a href="{escape(url)}"{lang_of(getattr(walk, "shown_language", ""))}>'
        f"{escape(title)}</a></{heading}>\n",
        # Django's "c" format of a datetime is its ISO 8601 form.
        f'    <p class="bs-meta"><time datetime="{escape(when.isoformat())}">{escape(local_date(when, "DATE_FORMAT"))}'
        f"</time>{(' · ' + ', '.join(escape(name) for name in areas)) if areas else ''}</p>\n",
    ]
    if walk.is_planned:
        parts.append(
            f'    <p class="bs-walk-card__planned">{escape(gettext("Come along on the walk"))} · '
            f"{escape(gettext('Everyone is welcome'))}</p>\n"
        )
    total = getattr(walk, "public_total", 0)
    if total:
        resolved, total = localize(walk.public_resolved), localize(total)
        text = escape(gettext("%(resolved)s of %(total)s resolved") % {"resolved": resolved, "total": total})
        resolved, total = escape(resolved), escape(total)
        parts.append(
            f"    <p>{text}</p>\n"
            f'    <progress class="bs-progress" max="{total}" value="{resolved}" aria-label="{text}"></progress>\n'
        )
    parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
