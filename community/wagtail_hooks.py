"""Admin registration of the community app: the Activities menu, the attendance report, the home-page section."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from community import admin_views, sections
from community.viewsets import ACTIVITIES_MENU_HOOK, ActivitiesViewSetGroup
from estates.sections import HOOK_NAME as HOME_SECTIONS_HOOK


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_viewset")
def register_activities_menu():
    return ActivitiesViewSetGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("community/attendance-report/", admin_views.attendance_report, name="community_attendance_report")]


@hooks.register(ACTIVITIES_MENU_HOOK)
def register_report_menu_item():
    return PermissionMenuItem(
        _("Attendance report"),
        reverse("community_attendance_report"),
        name="attendance-report",
        icon_name="table",
        order=200,
        permission=admin_views.REPORT_PERMISSION,
    )


hooks.register(HOME_SECTIONS_HOOK, sections.next_activities_section)
