"""The reminders log in the admin: what was sent to whom, and when. Staff only, read only.

Mediation reminders name a case reference, so even their existence stays with the mediation team:
a staff member sees a mediation reminder only if it was sent to them, or if they lead mediation.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from estates.access import roles_of
from estates.models import SentReminder

CONFIDENTIAL_KIND_PREFIX = "mediation."
READ_ONLY_ACTIONS = {"view"}


def visible_reminders(user):
    """The log rows this user may read, newest first, with their recipients."""
    user_roles = roles_of(user)
    if not user_roles.is_staff_member:
        return SentReminder.objects.none()
    rows = SentReminder.objects.select_related("recipient")
    if not user_roles.is_mediation_lead:
        rows = rows.filter(~Q(kind__startswith=CONFIDENTIAL_KIND_PREFIX) | Q(recipient=user))
    return rows


def recipient_name(row: SentReminder) -> str:
    return row.recipient.get_full_name() or row.recipient.get_username()


class ReminderLogPermissionPolicy(BasePermissionPolicy):
    """Staff may read the log; nobody adds, edits or deletes a row by hand."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and roles_of(user).is_staff_member

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and visible_reminders(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & READ_ONLY_ACTIONS:
            return SentReminder.objects.none()
        return visible_reminders(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        from estates import roles

        if not set(actions) & READ_ONLY_ACTIONS:
            return get_user_model().objects.none()
        staff_groups = (roles.STAFF, roles.MEDIATORS, roles.MEDIATION_LEADS)
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name__in=staff_groups), is_active=True)
            .distinct()
        )


class ReminderLogIndexView(IndexView):
    def get_base_queryset(self):
        # The listing shows neither the message's template nor its context: leave them in the database.
        return visible_reminders(self.request.user).defer("body_template", "context")


class ReminderLogInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(visible_reminders(self.request.user), pk=self.pk)


class ReminderLogViewSet(ModelViewSet):
    model = SentReminder
    name = "reminders"
    icon = "mail"
    menu_label = _("Reminders log")
    menu_name = "reminders-log"
    menu_hook = "register_reports_menu_item"
    index_view_class = ReminderLogIndexView
    inspect_view_class = ReminderLogInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",
        Column("recipient", label=_("recipient"), accessor=recipient_name),
        "status",
        "due_on",
        "sent_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject", "recipient__username", "recipient__first_name", "recipient__last_name"]
    inspect_view_fields = [
        "subject",
        "recipient",
        "status",
        "due_on",
        "claimed_at",
        "sent_at",
        "attempts",
        "last_attempt_at",
        "last_error",
        "url",
    ]
    add_to_reference_index = False

    def get_permissions_to_register(self):
        # Access is by role (the policy above), so the group editor offers no log permissions to tick.
        from django.contrib.auth.models import Permission

        return Permission.objects.none()

    def get_urlpatterns(self):
        # A log is read, never written: only the listing and the inspect view exist.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
