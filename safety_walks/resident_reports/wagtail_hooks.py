"""Admin hooks of resident reports (imported by safety_walks/wagtail_hooks.py): the triage screens and their
menu item, the photo rule, the person-data source and the walk page's button to its areas' open reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from estates.media import HOOK_NAME as PHOTO_VISIBILITY_HOOK
from estates.menu import RuleMenuItem
from estates.person_data import PERSON_DATA_HOOK
from safety_walks import photo_access, policy
from safety_walks.models import WalkPage
from safety_walks.resident_reports import admin_views
from safety_walks.resident_reports.person_data import ResidentReportSource

MENU_NAME = "resident-reports"

hooks.register(PHOTO_VISIBILITY_HOOK, photo_access.resident_report_photo_visibility)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("safety-walks/reports/", admin_views.report_index, name="safety_walks_resident_reports"),
        path("safety-walks/reports/<int:report_id>/", admin_views.report_detail, name="safety_walks_resident_report"),
    ]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RuleMenuItem(
        _("Reports from residents"),
        reverse("safety_walks_resident_reports"),
        is_allowed=policy.can_manage_findings,
        name=MENU_NAME,
        icon_name="warning",
        order=55,
    )


@hooks.register(PERSON_DATA_HOOK)
def resident_reports() -> ResidentReportSource:
    return ResidentReportSource()


@hooks.register("register_page_header_buttons")
def walk_page_buttons(page, user, view_name, next_url=None):
    """Planning a walk: the open reports of its areas, to let the route take them in."""
    if page.specific_class is not WalkPage or not policy.can_manage_findings(user):
        return
    count = admin_views.walk_open_reports_count(page)
    yield Button(
        _("Reports from residents (%(count)s)") % {"count": count},
        reverse("safety_walks_resident_reports") + f"?walk={page.pk}",
        icon_name="warning",
        priority=30,
    )
