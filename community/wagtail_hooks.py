"""Admin registration of the community app: the Activities menu, the attendance report, attendance saved
through its service, the home-page section."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community import actions, policy, sections
from community.admin_views import AttendanceReportView
from community.signups import wagtail_hooks as signup_hooks  # noqa: F401
from community.viewsets import ACTIVITIES_MENU_HOOK, ActivitiesViewSetGroup
from estates.menu import RuleMenuItem
from estates.sections import HOOK_NAME as HOME_SECTIONS_HOOK


@hooks.register("register_admin_viewset")
def register_activities_menu():
    return ActivitiesViewSetGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "community/attendance-report/",
            AttendanceReportView.as_view(),
            name="community_attendance_report",
        ),
        path(
            "community/attendance-report/results/",
            AttendanceReportView.as_view(results_only=True),
            name="community_attendance_report_results",
        ),
    ]


@hooks.register(ACTIVITIES_MENU_HOOK)
def register_report_menu_item():
    return RuleMenuItem(
        _("Attendance report"),
        reverse("community_attendance_report"),
        is_allowed=policy.can_view_attendance_report,
        name="attendance-report",
        icon_name="table",
        order=200,
    )


hooks.register("register_actions", actions.register_actions)
hooks.register(HOME_SECTIONS_HOOK, sections.next_activities_section)
