"""Admin screens for attendance, grouped with the report in an "Activities" menu. Saving goes through
Wagtail's create and edit actions, which community/actions.py points at the `attendance_record` service."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from community.activity_listing import ActivityListingViewSet
from community.models import Attendance

ACTIVITIES_MENU_HOOK = "register_community_menu_item"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AttendanceCreateView(CreateView):
    def get_initial(self):
        """The reminder email links here with the activity and date filled in."""
        initial = super().get_initial()
        activity = self.request.GET.get("activity", "")
        day = self.request.GET.get("date", "")
        if activity.isdigit():
            initial["activity"] = int(activity)
        if ISO_DATE.match(day):
            initial["occurrence_date"] = day
        return initial


class AttendanceIndexView(IndexView):
    def get_base_queryset(self):
        # Each row names its activity and who recorded it: fetch them with the rows, not one by one.
        return super().get_base_queryset().select_related("activity", "recorded_by")


class AttendanceViewSet(ModelViewSet):
    model = Attendance
    icon = "group"
    menu_label = _("Attendance")
    url_prefix = "community/attendance"
    url_namespace = "community_attendance"
    index_view_class = AttendanceIndexView
    add_view_class = AttendanceCreateView
    list_display = ["activity", "occurrence_date", "total", "new_participants", "recorded_by"]
    list_filter = ["occurrence_date"]
    search_fields = ["activity__title"]
    list_export = [
        "activity",
        "occurrence_date",
        "children",
        "youth",
        "adults",
        "elderly",
        "total",
        "new_participants",
    ]
    export_filename = "fremmoede"
    ordering = ["-occurrence_date"]
    inspect_view_enabled = True


class ActivitiesViewSetGroup(ViewSetGroup):
    items = (ActivityListingViewSet, AttendanceViewSet)
    menu_icon = "date"
    menu_label = _("Activities")
    menu_name = "community"
    menu_order = 310
    submenu_hook = ACTIVITIES_MENU_HOOK
