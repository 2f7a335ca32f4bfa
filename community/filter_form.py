"""The choices of the calendar's filter form (community/includes/filters.html), written in Python.

Every calendar view shows the form; its three lists of choices (the housing areas, the target groups, the themes)
were some eighty `<option>`s rendered one by one through Django's template engine, a tenth of the upcoming list's
first visit. Each option is written as the template wrote it: value and label escaped as autoescaping would.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from community.cards import escape


def _options(choices) -> SafeString:
    """`<option>`s of (value, label, selected) triples, with nothing between them."""
    return mark_safe(  # noqa: S308 (every value and label escaped)
        "".join(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'
            for value, label, selected in choices
        )
    )


def filter_options(filters, areas: list, target_group_choices, theme_choices) -> dict[str, SafeString]:
    """The form's options after its "all" option, the chosen one of each list marked `selected`."""
    area = filters.area
    return {
        "area_options": _options((choice.slug, choice.name, bool(area) and area.pk == choice.pk) for choice in areas),
        "target_group_options": _options(
            (value, label, filters.target_group == value) for value, label in target_group_choices
        ),
        "theme_options": _options((value, label, filters.theme == value) for value, label in theme_choices),
    }
