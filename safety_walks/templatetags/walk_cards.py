"""`{% walk_card walk heading_level %}`: a walk in a list of walks (the walk list, the home page's latest walks).

Written in Python (format_html), not as an included template: a list shows many cards, and each included
template costs more than the page's own work for the walk. The walks come from
safety_walks.reports.walks_with_progress (`card_areas`, `public_total`, `public_resolved`) and
estates.i18n.with_shown (`shown_title`, `shown_url`, `shown_language`)."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_datetime
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from estates.templatetags.boligsocial_dates import local_date
from estates.templatetags.boligsocial_i18n import lang_of

register = template.Library()
CARD_END = SafeString("</li>")


@register.simple_tag(takes_context=True)
def walk_card(context, walk, heading_level: int = 2) -> str:
    heading = "h3" if heading_level == 3 else "h2"
    url = getattr(walk, "shown_url", None) or walk.get_url(context.get("request"))
    title = getattr(walk, "shown_title", None) or walk.title
    when = timezone.localtime(walk.walk_date)
    areas = getattr(walk, "card_areas", None)
    if areas is None:
        areas = [area.name for area in walk.areas.all()]
    parts = [
        format_html(
            '<li class="bs-card">\n    <{}><a href="{}"{}>{}</a></{}>\n',
            heading,
            url,
            lang_of(getattr(walk, "shown_language", "")),
            title,
            heading,
        ),
        format_html(
            '    <p class="bs-meta"><time datetime="{}">{}</time>{}</p>\n',
            format_datetime(when, "c"),
            local_date(when, "DATE_FORMAT"),
            format_html(" · {}", format_html_join(", ", "{}", ((name,) for name in areas))) if areas else "",
        ),
    ]
    if walk.is_planned:
        parts.append(
            format_html(
                '    <p class="bs-walk-card__planned">{} · {}</p>\n',
                gettext("Come along on the walk"),
                gettext("Everyone is welcome"),
            )
        )
    total = getattr(walk, "public_total", 0)
    if total:
        resolved = walk.public_resolved
        text = gettext("%(resolved)s of %(total)s resolved") % {
            "resolved": localize(resolved),
            "total": localize(total),
        }
        parts.append(
            format_html(
                '    <p>{}</p>\n    <progress class="bs-progress" max="{}" value="{}" aria-label="{}"></progress>\n',
                text,
                localize(total),
                localize(resolved),
                text,
            )
        )
    parts.append(CARD_END)
    return format_html_join("", "{}", ((part,) for part in parts))
