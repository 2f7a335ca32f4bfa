"""An occurrence's card in the calendar's lists (upcoming, past, a day), written in Python.

A page of the upcoming list shows twenty cards; rendering each through Django's template engine (an include
with its own context, a dozen tags and filters, translations looked up per card) was most of the list's cost.
A `CardWriter` looks up the texts of the active language once and writes each card as the template did: every
value escaped as autoescaping would, every text through gettext.
"""

from __future__ import annotations

import html
from itertools import groupby

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from community import describe
from estates.templatetags.boligsocial_dates import format_date
from estates.templatetags.boligsocial_i18n import lang_of, written_in

MEETING_KINDS = ("theme_meeting", "follow_up_meeting", "safety_walk")


def escape(text) -> str:
    """What django.utils.html.escape gives (it calls this), without its check for lazy arguments on every call:
    a page of cards or a month's table escapes hundreds of texts."""
    return html.escape(str(text))


class CardWriter:
    """Writes occurrence cards in the active language; make one per rendering (it keeps that language's texts)."""

    def __init__(self, request=None):
        self.request = request
        self.cancelled = escape(gettext("Cancelled"))
        self.moved = escape(gettext("Moved"))
        self.for_whom = escape(gettext("For"))
        self.generations = escape(gettext("Across generations"))
        self.housing_area = escape(gettext("Housing area"))
        self.theme_meeting = escape(gettext("Theme meeting after a safety walk"))
        self.follow_up_meeting = escape(gettext("Follow-up meeting after a safety walk"))
        self.safety_walk = f"{escape(gettext('Safety walk'))} · {escape(gettext('Everyone is welcome'))}"
        self.meeting = escape(gettext("Meeting"))
        # The Danish activity's text (its intro) is marked when read in another language: cards read the source.
        self.source_mark = lang_of("")
        self._marks: dict[str, str] = {}
        # Cards of a list share their times, places, areas and target groups: each text is worked out once.
        self._times: dict[tuple, str] = {}
        self._written: dict[str, str] = {}
        self._groups: dict[tuple, str] = {}

    def _mark(self, language: str) -> str:
        if language not in self._marks:
            self._marks[language] = lang_of(language)
        return self._marks[language]

    def _url(self, occurrence) -> str:
        if occurrence.link:
            return occurrence.link
        if occurrence.activity:
            return occurrence.activity.get_url(request=self.request)  # what {% pageurl %} gives
        return occurrence.url

    def _moved_text(self, occurrence) -> str:
        # {% blocktranslate %}: the message is markup, its values are escaped.
        values = {
            "date": escape(describe.full_date(occurrence.moved_from)),
            "time": escape(format_date(template_localtime(occurrence.moved_from), "TIME_FORMAT")),
        }
        return gettext("from %(date)s at %(time)s") % values

    def _status(self, occurrence) -> str:
        if occurrence.cancelled:
            note = occurrence.note or (occurrence.activity.cancellation_note if occurrence.activity else "")
            note = f" {written_in(note)}" if note else ""
            return f'\n<p><span class="bs-status bs-status--cancelled">{self.cancelled}</span>{note}</p>'
        if occurrence.moved_from:
            note = f". {written_in(occurrence.note)}" if occurrence.note else ""
            return (
                f'\n<p><span class="bs-status bs-status--moved">{self.moved}</span> '
                f"{self._moved_text(occurrence)}{note}</p>"
            )
        return ""

    def _written_in(self, text: str) -> str:
        """What written_in gives for the text in the writer's language."""
        if text not in self._written:
            self._written[text] = written_in(text)
        return self._written[text]

    def _time(self, occurrence) -> str:
        # What the time says follows from the start, the end and whether it lasts all day.
        key = (occurrence.start, occurrence.end, occurrence.all_day)
        time = self._times.get(key)
        if time is None:
            if occurrence.all_day:
                moment = occurrence.first_day.isoformat()
            else:
                moment = template_localtime(occurrence.start).isoformat()
            time = self._times[key] = f'<time datetime="{moment}">{escape(describe.when(occurrence))}</time>'
        place = f" · {self._written_in(occurrence.place)}" if occurrence.place else ""
        return f'\n<p class="bs-meta">{time}{place}</p>'

    def _target_groups(self, activity) -> str:
        """The activity's target groups and the across-generations mark, as a card writes them."""
        key = tuple(activity.target_group_codes)
        if key not in self._groups:
            groups = ", ".join(escape(label) for label in activity.target_group_labels)
            generations = (
                f'<span class="bs-status bs-status--generations">{self.generations}</span>'
                if activity.across_generations
                else ""
            )
            self._groups[key] = f"{self.for_whom}: {groups}\n{generations}"
        return self._groups[key]

    def _about(self, occurrence) -> str:
        activity = occurrence.activity
        if not activity:
            kind = occurrence.kind
            text = getattr(self, kind) if kind in MEETING_KINDS else self.meeting
            return f'\n<p class="bs-meta">{text}</p>'
        areas = activity.area_list
        areas = f"<br>{self.housing_area}: {', '.join(self._written_in(area.name) for area in areas)}" if areas else ""
        return (
            f'\n<p class="bs-meta">\n{self._target_groups(activity)}\n{areas}\n</p>'
            f"\n<p{self.source_mark}>{escape(activity.intro)}</p>"
        )

    def card(self, occurrence, heading_tag: str = "h3") -> SafeString:
        """One `<li>` card; `heading_tag` names the title's heading (h3 under a page's h2, h4 under a day's h3)."""
        cancelled = " bs-occurrence--cancelled" if occurrence.cancelled else ""
        tag = escape(heading_tag or "h3")
        title = (
            f'<{tag} class="bs-occurrence__title"><a href="{escape(self._url(occurrence))}"'
            f"{self._mark(occurrence.title_language)}>{escape(occurrence.title)}</a></{tag}>"
        )
        return mark_safe(  # noqa: S308 (every value escaped above; marks and written_in are format_html's)
            f'<li class="bs-card bs-occurrence{cancelled}">\n{title}{self._status(occurrence)}'
            f"{self._time(occurrence)}{self._about(occurrence)}\n</li>"
        )

    def cards(self, occurrences, heading_tag: str = "h3") -> SafeString:
        return mark_safe("".join(self.card(occurrence, heading_tag) for occurrence in occurrences))  # noqa: S308

    def days(self, occurrences) -> SafeString:
        """A list's occurrences under a heading per day they start on, as occurrence_list.html wrote them with
        `{% regroup occurrences by first_day %}`: a section per run of occurrences that start on the same day."""
        parts = []
        for day, on_day in groupby(occurrences, key=lambda occurrence: occurrence.first_day):
            iso = day.isoformat()
            parts.append(
                f'\n        <section class="bs-calendar-day" aria-labelledby="day-{iso}">'
                f'\n            <h3 id="day-{iso}"><time datetime="{iso}">{escape(capfirst(describe.full_date(day)))}'
                '</time></h3>\n            <ul class="bs-card-list">\n                '
                f"{self.cards(on_day, 'h4')}\n            </ul>\n        </section>\n    "
            )
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped above; cards are escaped)
