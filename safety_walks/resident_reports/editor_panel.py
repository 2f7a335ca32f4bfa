"""A panel for the walk editor: the open reports from residents in the walk's areas (a list and a map), so the
route can take them in while the walk is planned. The walk page's content_panels add it with one line:
`OpenReportsPanel(heading=_("Reports from residents"))`. Staff only: the panel shows nothing to anyone else.
It imports no model (the page models import it): it asks the app registry for ResidentReport."""

from django.apps import apps
from wagtail.admin.panels import Panel

from estates import maps
from estates.access import roles_of
from safety_walks.resident_reports.markers import triage_markers

PANEL_ROWS = 30


class OpenReportsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "safety_walks/resident_reports/admin/editor_panel.html"

        def is_shown(self):
            # Staff, as in policy.can_manage_findings (which imports the models, so the page models cannot import it).
            return roles_of(self.request.user).is_staff_member and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            walk = self.instance
            areas = list(walk.areas.all()) if walk.pk else []
            reports = (
                apps.get_model("safety_walks", "ResidentReport")
                .objects.open_in_areas(areas)
                .select_related("area", "category")
                .order_by("-created_at")
            )
            rows = list(reports[:PANEL_ROWS])
            context.update(
                {
                    "walk": walk,
                    "has_areas": bool(areas),
                    "reports": rows,
                    "report_count": reports.count() if len(rows) == PANEL_ROWS else len(rows),
                    "markers": triage_markers(rows),
                    "map": maps.map_config(),
                }
            )
            return context
