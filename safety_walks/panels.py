"""Dashboard panels on the admin home page: partners see their items, staff what needs chasing."""

from django.db.models import Func, Subquery
from django.utils import timezone
from wagtail.admin.ui.components import Component

from estates.access import roles_of
from safety_walks import selectors
from safety_walks.models.reports import ResidentReport

PANEL_ROWS = 10
# What the staff panels show of each row: the database sorts every candidate row with the columns asked for, so
# a list of ten among thousands is read narrow.
OVERDUE_SHOWN = ("finding", "finding__title", "organisation", "organisation__name", "deadline")
REPORT_SHOWN = ("what", "area", "area__name", "created_at")


def first_rows_and_count(rows) -> tuple[list, int]:
    """The first PANEL_ROWS of `rows` and how many there are: counted only when the first ones do not tell."""
    first = list(rows[:PANEL_ROWS])
    return first, len(first) if len(first) < PANEL_ROWS else rows.count()


def first_overdue(overdue) -> tuple[list, int]:
    """The first PANEL_ROWS overdue responsibilities, oldest deadline first, with their finding's title and
    organisation's name, and how many are overdue: one query. The database reads the open responsibilities along
    their deadline index (Responsibility.Meta), so it stops after the first rows instead of sorting every overdue
    one, and counts them along that index (a subquery without outer reference: counted once)."""
    counted = overdue.order_by().values(n=Func("pk", function="COUNT"))
    rows = list(
        overdue.select_related(None)
        .select_related("organisation", "finding")
        .only(*OVERDUE_SHOWN)
        .annotate(overdue_count=Subquery(counted))[:PANEL_ROWS]
    )
    return rows, rows[0].overdue_count if rows else 0


class PartnerItemsPanel(Component):
    name = "partner_items"
    order = 50
    template_name = "safety_walks/admin/panels/partner_items.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        counts = selectors.partner_item_counts(self.user, today=today)
        overdue = selectors.partner_items(self.user, today=today).overdue(on=today) if counts["overdue"] else []
        return {
            "open_count": counts["open"],
            "overdue": list(overdue[:PANEL_ROWS]),
            "overdue_count": counts["overdue"],
        }


class StaffOverviewPanel(Component):
    name = "safety_walks_overview"
    order = 60
    template_name = "safety_walks/admin/panels/staff_overview.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        first, count = first_overdue(selectors.overdue_responsibilities(today=today))
        return {
            "overdue": first,
            "overdue_count": count,
            "meetings_due": list(selectors.follow_up_meetings_due(today=today)[:PANEL_ROWS]),
            "today": today,
        }


class ResidentReportsPanel(Component):
    """New reports from residents waiting for staff (never shown to partners)."""

    name = "safety_walks_resident_reports"
    order = 55
    template_name = "safety_walks/resident_reports/admin/panel.html"

    def get_context_data(self, parent_context):
        new = ResidentReport.objects.new().select_related("area").only(*REPORT_SHOWN).order_by("-created_at")
        newest, count = first_rows_and_count(new)
        return {"newest": newest, "new_count": count}


def add_panels(request, panels):
    roles = roles_of(request.user)
    if roles.is_staff_member:
        panels.append(ResidentReportsPanel())
        panels.append(StaffOverviewPanel())
    elif roles.is_partner:
        panels.append(PartnerItemsPanel(request.user))
