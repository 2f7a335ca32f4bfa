"""The public views behind CalendarPage's and ActivityPage's routes: thin, each a bounded number of queries.

The page models import this module and delegate their routes to it; it never imports the models (no
cycle): a view asks the page it serves (`page.activities()`, `page.publishing_stamp()`) and the
querysets those return (`overlapping(window)`, `in_area(area)`, ...).
"""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from community import describe, links, occurrences
from community.calendar_list import CalendarList
from community.cards import CardWriter, escape
from community.choices import TargetGroupCode, Theme
from community.conf import (
    FIRST_YEAR,
    LAST_YEAR,
    OCCURRENCES_PER_PAGE,
    PAST_DAYS,
    UPCOMING_DAYS,
)
from community.filter_form import filter_options
from community.filters import (
    AREA_PARAM,
    PAGE_PARAM,
    TARGET_GROUP_PARAM,
    THEME_PARAM,
    CalendarFilters,
    choosable_areas,
)
from community.problems import resolve_problems
from community.recurrence import ONE_DAY, Occurrence, Window, activity_occurrences, first_occurrence_span
from estates.templatetags.boligsocial_dates import format_date
from estates.templatetags.boligsocial_i18n import lang_of

MAX_PER_CELL = 3
# How long a month's table or a page of a list is reused (meetings from other apps may be this late).
MONTH_CACHE_SECONDS = getattr(settings, "BOLIGSOCIAL_CALENDAR_MONTH_CACHE_SECONDS", 60)

A_MONDAY = date(2024, 1, 1)


@dataclass
class CellLine:
    """One occurrence in a month cell, its texts worked out: a month shows up to 126 of them."""

    url: str
    title: str
    lang: str  # ` lang=".." dir=".."` on a title written in another language than the reader's, or ""
    time: str  # the start time, on the day it starts; "" for an all-day occurrence or a later day
    status: str  # "cancelled", "moved" or ""


@dataclass
class DayCell:
    """A day of the month's table with every text it shows worked out in Python (the template only joins
    them: 42 cells of translations and date formats were most of the table's cost)."""

    day: date
    in_month: bool
    is_today: bool
    url: str = ""
    count: int = 0  # how many occurrences touch the day
    lines: list[CellLine] = field(default_factory=list)  # the first MAX_PER_CELL of them
    label: str = ""  # the day's full name, for screen readers
    count_text: str = ""  # ", 72 activities" after the badge
    more_text: str = ""  # "69 more"

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def more(self) -> int:
        return max(0, self.count - MAX_PER_CELL)


def _cell_html(cell: DayCell, cancelled_text: str, moved_text: str) -> str:
    """A day's cell of the month table, as month.html used to write it per cell: 42 cells and their lines were
    most of the cost of rendering the table with Django's template engine, and each is the same few tags."""
    classes = "bs-month__day" + (" bs-month__day--other" if not cell.in_month else "")
    classes += " bs-month__day--today" if cell.is_today else ""
    current = ' aria-current="date"' if cell.is_today else ""
    url, label = escape(cell.url), escape(cell.label)
    day = (
        f'<time datetime="{cell.iso}"><span aria-hidden="true">{cell.day.day}</span>'
        f'<span class="bs-visually-hidden">{label}</span></time>'
    )
    if not cell.count:
        return mark_safe(f'<td class="{classes}"{current}>\n<span class="bs-month__date">{day}</span>\n</td>')  # noqa: S308
    parts = [
        f'<td class="{classes}"{current}>\n<a class="bs-month__date" href="{url}">{day}<span class="bs-month__badge">'
        f'<span aria-hidden="true">{cell.count}</span>'
        f'<span class="bs-visually-hidden">, {escape(cell.count_text)}</span></span></a>\n<ul class="bs-month__list">'
    ]
    for line in cell.lines:
        time = f'<span class="bs-month__time">{escape(line.time)}</span> ' if line.time else ""
        status = (
            f' <span class="bs-status bs-status--cancelled">{escape(cancelled_text)}</span>'
            if line.status == "cancelled"
            else f' <span class="bs-status bs-status--moved">{escape(moved_text)}</span>'
            if line.status == "moved"
            else ""
        )
        cancelled = ' class="bs-occurrence--cancelled"' if line.status == "cancelled" else ""
        parts.append(
            f'\n<li{cancelled}><a href="{escape(line.url)}"{line.lang}>{time}{escape(line.title)}</a>{status}</li>'
        )
    parts.append("\n</ul>")
    if cell.more_text:
        parts.append(
            f'\n<a class="bs-month__more" href="{url}">{escape(cell.more_text)}'
            f'<span class="bs-visually-hidden"> – {label}</span></a>'
        )
    parts.append("\n</td>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above; `lang` is format_html's)


@lru_cache(maxsize=1024)
def _day_label(day: date, language: str | None) -> str:
    """A day's full name in the active language (what describe.full_date says), worked out once per process:
    a month shows 35 to 42 of them."""
    return describe.full_date(day)


@lru_cache(maxsize=256)
def _count_texts(count: int, more: int, language: str | None) -> tuple[str, str]:
    """A cell's "N activities" and "N more" in the active language."""
    activities = ngettext("%(counter)s activity", "%(counter)s activities", count) % {"counter": count}
    return activities, ngettext("%(counter)s more", "%(counter)s more", more) % {"counter": more} if more else ""


class _Lines:
    """Turns a cell's occurrences into CellLines, formatting each start time and language mark once."""

    def __init__(self):
        self.times: dict = {}
        self.marks: dict = {}

    def of(self, occurrence, day: date) -> CellLine:
        time = ""
        if not occurrence.all_day and occurrence.first_day == day:
            clock = occurrence.local_start.time()
            if clock not in self.times:
                self.times[clock] = format_date(occurrence.start, "TIME_FORMAT")
            time = self.times[clock]
        language = occurrence.title_language
        if language not in self.marks:
            self.marks[language] = lang_of(language)
        status = "cancelled" if occurrence.cancelled else "moved" if occurrence.moved_from else ""
        return CellLine(occurrence.url, occurrence.title, self.marks[language], time, status)


# --- shared context ---------------------------------------------------------------------------


def request_filters(request) -> tuple[CalendarFilters, list]:
    areas = choosable_areas(request)
    return CalendarFilters.from_query(request.GET, areas), areas


def _calendar_url(request, page) -> str:
    """The calendar page's address, asked of Wagtail once per request (each asking works out the site's root
    paths and reverses Wagtail's serve URL): a calendar view links to itself half a dozen times."""
    known = request.__dict__.setdefault("_community_calendar_urls", {})
    if page.pk not in known:
        known[page.pk] = page.get_url(request)
    return known[page.pk]


def _route_url(request, page, name: str, *args) -> str:
    """What `page.route_url(name, *args, request=request)` gives, with the page's address asked once."""
    return _calendar_url(request, page) + page.reverse_subpage(name, args=list(args)).lstrip("/")


def webcal(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    return url


def _context(request, page, filters: CalendarFilters, areas: list, view_name: str) -> dict:
    today = timezone.localdate()
    query = filters.query_string()
    feed_url = links.absolute(request, _route_url(request, page, "feed")) + query
    return {
        "view_name": view_name,
        "filters": filters,
        "areas": areas,
        **filter_options(filters, areas, TargetGroupCode.choices, Theme.choices),
        "upcoming_url": _calendar_url(request, page) + query,
        "month_url": _route_url(request, page, "month", f"{today:%Y}", f"{today:%m}") + query,
        "past_url": _route_url(request, page, "past") + query,
        "feed_url": feed_url,
        "webcal_url": webcal(feed_url),
        "form_action": request.path,
    }


def _render(request, page, context: dict, status: int = 200):
    response = page.render(request, context_overrides=context)
    response.status_code = status
    return response


def _tidy_address(request, filters: CalendarFilters):
    """The filter form sends empty fields too; redirect to the short address that is worth sharing."""
    names = (AREA_PARAM, TARGET_GROUP_PARAM, THEME_PARAM, PAGE_PARAM)
    if filters.errors or not any(name in request.GET and not request.GET[name] for name in names):
        return None
    return HttpResponseRedirect(request.path + filters.query_string(side=request.GET.get(PAGE_PARAM)))


def _unknown_filter(request, page, filters, areas, view_name):
    """An unknown filter value in the address: say which, with the form to choose again, as a 404."""
    context = _context(request, page, filters, areas, view_name)
    context.update({"filter_errors": filters.errors, "heading": _("Activities")})
    return _render(request, page, context, status=404)


def filtered(view_name: str):
    """A calendar view that reads the filters in the address: it gets them as `filters` and `areas`, unless
    the address needs another answer first (a redirect to its tidy form, or the 404 naming an unknown value)."""

    def decorate(view):
        @wraps(view)
        def view_with_filters(request, page, *args, **kwargs):
            filters, areas = request_filters(request)
            if tidy := _tidy_address(request, filters):
                return tidy
            if filters.errors:
                return _unknown_filter(request, page, filters, areas, view_name)
            return view(request, page, *args, filters=filters, areas=areas, **kwargs)

        return view_with_filters

    return decorate


# --- calendar views ---------------------------------------------------------------------------


@filtered("upcoming")
def upcoming(request, page, *, filters: CalendarFilters, areas: list):
    context = _context(request, page, filters, areas, "upcoming")
    context["heading"] = _("Coming activities")
    activities = page.every_activity()  # names the model: the rows are the calendar's by `calendar=page`

    def render_list() -> str:
        now = timezone.now()
        calendar_url = _calendar_url(request, page)
        found = CalendarList(
            activities,
            Window(now, now + timedelta(days=UPCOMING_DAYS)),
            filters=filters,
            calendar=page,
            url_of_slug=_child_url(calendar_url),
            # The first page (most visits) needs no meeting's place in the whole list, only the first rows.
            count_places=request.GET.get(PAGE_PARAM, "1") != "1",
        )
        listing = {**context, **_paginated(request, found, filters, base_url=calendar_url)}
        return render_to_string("community/includes/occurrence_list.html", listing, request)

    context["occurrence_list"] = _kept(request, page, activities, filters, "upcoming", render_list)
    return _render(request, page, context)


@filtered("past")
def past(request, page, *, filters: CalendarFilters, areas: list):
    context = _context(request, page, filters, areas, "past")
    context["heading"] = _("Past activities")
    activities = page.every_activity()  # names the model: the rows are the calendar's by `calendar=page`

    def render_list() -> str:
        now = timezone.now()
        found = CalendarList(
            activities,
            Window(now - timedelta(days=PAST_DAYS), now),
            filters=filters,
            newest_first=True,
            ended_only=True,
            calendar=page,
            url_of_slug=_child_url(_calendar_url(request, page)),
        )
        listing = {**context, **_paginated(request, found, filters, base_url=_route_url(request, page, "past"))}
        return render_to_string("community/includes/occurrence_list.html", listing, request)

    context["occurrence_list"] = _kept(request, page, activities, filters, "past", render_list)
    return _render(request, page, context)


def _kept(request, page, activities, filters: CalendarFilters, view_name: str, render, *parts: str) -> str:
    """A rendered part of a calendar view, kept for MONTH_CACHE_SECONDS and keyed on what decides it: the
    stored rows' version (any publishing, unpublishing, change or deletion moves it), the address, the
    filters and page number, the day and the language. Meetings from other apps, privacy settings and the
    passing of the minute are at most that late."""
    key = ":".join(
        [
            "community:kept",
            view_name,
            str(page.pk),
            request.get_host(),
            filters.query_string(side=request.GET.get(PAGE_PARAM)),
            timezone.localdate().isoformat(),
            get_language() or "",
            occurrences.rows_version(activities, timeout=MONTH_CACHE_SECONDS),
            *parts,
        ]
    )
    kept = cache.get(key)
    if kept is None:
        kept = render()
        cache.set(key, kept, MONTH_CACHE_SECONDS)
    return kept


def _child_url(calendar_url: str):
    """An activity's address from its slug: activities are children of their calendar (where no translation
    gives another address), without asking Wagtail for each one's site and root path."""
    return lambda slug: f"{calendar_url}{slug}/"


def _paginated(request, found, filters: CalendarFilters, *, base_url: str) -> dict:
    # get_page() falls back to the nearest page, so an old shared link never breaks.
    page_of_occurrences = Paginator(found, OCCURRENCES_PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    links = {}
    if page_of_occurrences.has_previous():
        links["previous_url"] = base_url + filters.query_string(side=page_of_occurrences.previous_page_number())
    if page_of_occurrences.has_next():
        links["next_url"] = base_url + filters.query_string(side=page_of_occurrences.next_page_number())
    days = CardWriter(request).days(page_of_occurrences)
    return {"occurrences": page_of_occurrences, "days": days, **links}


@filtered("month")
def month(request, page, *, filters: CalendarFilters, areas: list, year: int | None = None, month: int | None = None):
    today = timezone.localdate()
    year = today.year if year is None else year
    month = today.month if month is None else month
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404(_("There is no such month in the calendar."))
    context = _context(request, page, filters, areas, "month")
    first = date(year, month, 1)
    context["heading"] = capfirst(date_format(first, "F Y"))
    activities = page.every_activity()  # names the model: the rows are the calendar's by `calendar=page`
    table = _kept(
        request,
        page,
        activities,
        filters,
        "month",
        lambda: render_to_string(
            "community/includes/month.html",
            _month_context(request, page, activities, filters, year, month, today),
            request,
        ),
        f"{year}-{month}",
    )
    context["month_table"] = table
    return _render(request, page, context)


def _month_context(request, page, activities, filters: CalendarFilters, year: int, month: int, today: date) -> dict:
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first_shown, last_shown = weeks[0][0], weeks[-1][-1]
    calendar_url = _calendar_url(request, page)
    summary = occurrences.month_summary(
        activities,
        Window.of_days(first_shown, last_shown),
        filters=filters,
        per_day=MAX_PER_CELL,
        url_of_slug=_child_url(calendar_url),
        calendar=page,
    )
    query = filters.query_string()
    language = get_language()
    lines = _Lines()
    cancelled, moved = _("Cancelled"), _("Moved")
    # Each day's address: the route reversed once, its date swapped (Django's reverse() is dear 42 times over).
    day_before, day_after = _route_url(request, page, "day", first_shown.isoformat()).rsplit(first_shown.isoformat(), 1)
    cells = {}
    for week in weeks:
        for day in week:
            on_day = summary.get(day)
            cell = cells[day] = DayCell(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                url=f"{day_before}{day.isoformat()}{day_after}{query}",
                label=_day_label(day, language),
            )
            if on_day and on_day.count:
                cell.count = on_day.count
                cell.lines = [lines.of(occurrence, day) for occurrence in on_day.shown]
                cell.count_text, cell.more_text = _count_texts(cell.count, cell.more, language)
    first = date(year, month, 1)
    previous_month = first - ONE_DAY
    next_month = first + timedelta(days=32)
    return {
        "heading": capfirst(date_format(first, "F Y")),
        "month_label": date_format(first, "F Y"),
        "weeks": [[_cell_html(cells[day], cancelled, moved) for day in week] for week in weeks],
        "weekdays": [
            (date_format(A_MONDAY + timedelta(days=n), "l"), date_format(A_MONDAY + timedelta(days=n), "D"))
            for n in range(7)
        ],
        "previous_month_url": _month_url(request, page, previous_month, query),
        "next_month_url": _month_url(request, page, next_month, query),
        "previous_month_label": capfirst(date_format(previous_month, "F Y")),
        "next_month_label": capfirst(date_format(next_month, "F Y")),
    }


def _month_url(request, page, day: date, query: str) -> str | None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return _route_url(request, page, "month", f"{day:%Y}", f"{day:%m}") + query


def day_url(request, page, day: date, query: str) -> str:
    return _route_url(request, page, "day", day.isoformat()) + query


@filtered("day")
def day(request, page, day_text: str, *, filters: CalendarFilters, areas: list):
    try:
        chosen = date.fromisoformat(day_text)
    except ValueError as error:
        raise Http404(_("There is no such date.")) from error
    if not FIRST_YEAR <= chosen.year <= LAST_YEAR:
        raise Http404(_("There is no such date."))
    found = occurrences.calendar_occurrences(page.activities(), Window.of_days(chosen, chosen), filters=filters)
    query = filters.query_string()
    context = _context(request, page, filters, areas, "day")
    context.update(
        {
            "heading": capfirst(describe.full_date(chosen)),
            "day_occurrences": found,
            "chosen_day": chosen,
            "previous_day_url": day_url(request, page, chosen - ONE_DAY, query),
            "next_day_url": day_url(request, page, chosen + ONE_DAY, query),
            "month_of_day_url": _route_url(request, page, "month", f"{chosen:%Y}", f"{chosen:%m}") + query,
        }
    )
    return _render(request, page, context)


# --- the activity page ------------------------------------------------------------------------


def activity_context(request, activity) -> dict:
    now = timezone.now()
    window = Window(now, now + timedelta(days=UPCOMING_DAYS))
    if getattr(request, "is_preview", False):  # a draft in the editor: its own schedule, not the stored one
        coming = sorted(activity_occurrences(activity, start=window.start, end=window.end), key=lambda o: o.start)
    else:
        coming = occurrences.activity_coming(activity, window)
    parent = activity.get_parent()
    return {
        "coming_occurrences": coming[:8],
        "next_occurrence": next((occurrence for occurrence in coming if not occurrence.cancelled), None),
        "more_occurrences": max(0, len(coming) - 8),
        "repetition": describe.repetition(activity),
        "first_occurrence_when": describe.when(_first_occurrence(activity)),
        "areas": activity.area_list,
        "problems": resolve_problems(activity.local_problems or []),
        "calendar_page": parent,
        "ical_url": activity.ical_url(request),
    }


def _first_occurrence(activity) -> Occurrence:
    start, end = first_occurrence_span(activity)
    return Occurrence(
        uid=activity.ical_uid,
        title=activity.title,
        start=start,
        end=end,
        all_day=activity.all_day,
        activity_id=activity.pk,
    )
