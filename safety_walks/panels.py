"""Dashboard panels on the admin home page: partners see their items, staff what needs chasing.

Each panel reads plain values (no model instances: a walk is a Wagtail page, costly to build) and hands its
template finished rows: each row's address filled into a pattern reversed once, its date already formatted, and
the row's list item built here (list_item escapes each value as the template did), so the template outputs one
value per row instead of resolving, localizing and escaping each of the row's values (~40 calls each)."""

import html
from functools import cache

from django.db.models import Func, IntegerField, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from estates.access import roles_of
from estates.reversed_once import reversed_once
from estates.templatetags.boligsocial_dates import format_date
from safety_walks import selectors
from safety_walks.models.reports import ResidentReport

PANEL_ROWS = 10
REPORT_TEXT_SHOWN = 70  # characters of a resident's report, as `truncatechars`

# Each panel's list item; the words between the values are translated once per panel.
PARTNER_OVERDUE_ROW = '<li><a href="{}">{}</a> – {} {}</li>'
STAFF_OVERDUE_ROW = '<li><a href="{}">{}</a> – {}, {} {}</li>'
MEETING_DUE_ROW = '<li><a href="{}">{}</a> – {}</li>'
MEETING_OVERDUE_ROW = '<li><a href="{}">{}</a> – {} <strong>({})</strong></li>'
REPORT_ROW = '<li><a href="{}">{}</a> – {}, {}</li>'


def list_item(pattern: str, *values) -> SafeString:
    """`format_html(pattern, *values)`: each value escaped as conditional_escape does (html.escape, as Django's
    escape, unless already safe), without the lazy-string wrappers Django's escape goes through (half the calls)."""
    escaped = [value if hasattr(value, "__html__") else html.escape(str(value)) for value in values]
    return mark_safe(pattern.format(*escaped))  # noqa: S308 (every value escaped above)


def day_formatter():
    """`format_date` for one panel's rows: a day several rows share (the deadlines of one walk's findings) is
    formatted once."""
    return cache(format_date)


def first_rows_and_count(rows) -> tuple[list, int]:
    """The first PANEL_ROWS of `rows` and how many there are: counted only when the first ones do not tell."""
    first = list(rows[:PANEL_ROWS])
    return first, len(first) if len(first) < PANEL_ROWS else rows.count()


def first_overdue(overdue) -> tuple[list[tuple], int]:
    """The first PANEL_ROWS overdue responsibilities, oldest deadline first, as (finding id, finding title,
    organisation name, deadline), and how many are overdue: one query. The database reads the open
    responsibilities along their deadline index (Responsibility.Meta), so it stops after the first rows instead
    of sorting every overdue one; the count (a subquery without outer reference: counted once) is COUNT(*), which
    reads no column of the index entries it counts (COUNT(id) read each one's id: ~1.4x the time)."""
    counted = overdue.order_by().values(n=Func(template="COUNT(*)", output_field=IntegerField()))
    rows = list(
        overdue.annotate(overdue_count=Subquery(counted)).values_list(
            "finding_id", "finding__title", "organisation__name", "deadline", "overdue_count"
        )[:PANEL_ROWS]
    )
    return [row[:4] for row in rows], rows[0][4] if rows else 0


class PartnerItemsPanel(Component):
    name = "partner_items"
    order = 50
    template_name = "safety_walks/admin/panels/partner_items.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        counts = selectors.partner_item_counts(self.user, today=today)
        overdue = []
        if counts["overdue"]:
            items = selectors.partner_items(self.user, today=today).overdue(on=today).prefetch_related(None)
            update = reversed_once("safety_walks_add_update")
            day = day_formatter()
            deadline_word = _("deadline")
            overdue = [
                list_item(PARTNER_OVERDUE_ROW, update(finding_id), title, deadline_word, day(deadline))
                for finding_id, title, deadline in items.values_list("finding_id", "finding__title", "deadline")[
                    :PANEL_ROWS
                ]
            ]
        return {"open_count": counts["open"], "overdue": overdue, "overdue_count": counts["overdue"]}


class StaffOverviewPanel(Component):
    name = "safety_walks_overview"
    order = 60
    template_name = "safety_walks/admin/panels/staff_overview.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        first, count = first_overdue(selectors.overdue_responsibilities(today=today))
        update = reversed_once("safety_walks_add_update")
        agenda = reversed_once("safety_walks_agenda")
        meetings = selectors.follow_up_meetings_due(today=today).values_list("pk", "title", "follow_up_date")
        day = day_formatter()
        deadline_word = _("deadline")
        overdue_word = _("overdue")
        return {
            "overdue": [
                list_item(STAFF_OVERDUE_ROW, update(finding_id), title, organisation, deadline_word, day(deadline))
                for finding_id, title, organisation, deadline in first
            ],
            "overdue_count": count,
            "meetings_due": [
                list_item(MEETING_OVERDUE_ROW, agenda(pk), title, day(date), overdue_word)
                if date < today
                else list_item(MEETING_DUE_ROW, agenda(pk), title, day(date))
                for pk, title, date in meetings[:PANEL_ROWS]
            ],
        }


class ResidentReportsPanel(Component):
    """New reports from residents waiting for staff (never shown to partners)."""

    name = "safety_walks_resident_reports"
    order = 55
    template_name = "safety_walks/resident_reports/admin/panel.html"

    def get_context_data(self, parent_context):
        new = ResidentReport.objects.new().order_by("-created_at").values_list("pk", "what", "area__name", "created_at")
        newest, count = first_rows_and_count(new)
        return {"newest": report_rows(newest) if newest else [], "new_count": count}


def report_rows(newest) -> list[SafeString]:
    """The resident reports' list items (their address reversed only when some are waiting)."""
    report = reversed_once("safety_walks_resident_report")
    return [
        list_item(REPORT_ROW, report(pk), Truncator(what).chars(REPORT_TEXT_SHOWN), area, format_date(received))
        for pk, what, area, received in newest
    ]


def add_panels(request, panels):
    roles = roles_of(request.user)
    if roles.is_staff_member:
        panels.append(ResidentReportsPanel())
        panels.append(StaffOverviewPanel())
    elif roles.is_partner:
        panels.append(PartnerItemsPanel(request.user))
