"""Who may do what in the community app's admin: the one place the menu and the screens ask.

Activities are Wagtail pages (page permissions decide who edits them); attendance and its report are
for whoever holds the attendance permissions (the staff roles, see estates/roles.py).
"""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

from community.models import Attendance
from estates.access import roles_of

attendance_permission_policy = ModelPermissionPolicy(Attendance)


def can_view_attendance_report(user) -> bool:
    """May the user read the attendance report (and export it)?"""
    return attendance_permission_policy.user_has_permission(user, "view")


def can_manage_signups(user) -> bool:
    """Staff see and message sign-ups (the menu asks this); each activity also needs the right to edit its page."""
    return roles_of(user).is_staff_member
