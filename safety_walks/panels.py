"""Dashboard panels on the admin home page: partners see their items, staff what needs chasing.

Each panel reads plain values (no model instances: a walk is a Wagtail page, costly to build) and hands its
template finished rows: each row's address filled into a pattern reversed once, its date already formatted."""

from functools import cache

from django.db.models import Func, IntegerField, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.admin.ui.components import Component

from estates.access import roles_of
from estates.reversed_once import reversed_once
from estates.templatetags.boligsocial_dates import format_date
from safety_walks import selectors
from safety_walks.models.reports import ResidentReport

PANEL_ROWS = 10
REPORT_TEXT_SHOWN = 70  # characters of a resident's report, as `truncatechars`


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
            overdue = [
                {"url": update(finding_id), "title": title, "deadline": day(deadline)}
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
        return {
            "overdue": [
                {"url": update(finding_id), "title": title, "organisation": organisation, "deadline": day(deadline)}
                for finding_id, title, organisation, deadline in first
            ],
            "overdue_count": count,
            "meetings_due": [
                {"url": agenda(pk), "title": title, "date": day(date), "overdue": date < today}
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
        if not newest:
            return {"newest": [], "new_count": count}
        report = reversed_once("safety_walks_resident_report")  # reversed only when some reports are waiting
        return {
            "newest": [
                {
                    "url": report(pk),
                    "what": Truncator(what).chars(REPORT_TEXT_SHOWN),
                    "area": area,
                    "received": format_date(received),
                }
                for pk, what, area, received in newest
            ],
            "new_count": count,
        }


def add_panels(request, panels):
    roles = roles_of(request.user)
    if roles.is_staff_member:
        panels.append(ResidentReportsPanel())
        panels.append(StaffOverviewPanel())
    elif roles.is_partner:
        panels.append(PartnerItemsPanel(request.user))
