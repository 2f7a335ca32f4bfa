"""Dashboard panels on the admin home page: partners see their items, staff what needs chasing."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from estates.access import roles_of
from safety_walks import selectors
from safety_walks.models.reports import ResidentReport

PANEL_ROWS = 10


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
        overdue = selectors.overdue_responsibilities(today=today)
        return {
            "overdue": list(overdue[:PANEL_ROWS]),
            "overdue_count": overdue.count(),
            "meetings_due": list(selectors.follow_up_meetings_due(today=today)[:PANEL_ROWS]),
            "today": today,
        }


class ResidentReportsPanel(Component):
    """New reports from residents waiting for staff (never shown to partners)."""

    name = "safety_walks_resident_reports"
    order = 55
    template_name = "safety_walks/resident_reports/admin/panel.html"

    def get_context_data(self, parent_context):
        new = ResidentReport.objects.new().select_related("area").order_by("-created_at")
        return {"newest": list(new[:PANEL_ROWS]), "new_count": new.count()}


def add_panels(request, panels):
    roles = roles_of(request.user)
    if roles.is_staff_member:
        panels.append(ResidentReportsPanel())
        panels.append(StaffOverviewPanel())
    elif roles.is_partner:
        panels.append(PartnerItemsPanel(request.user))
