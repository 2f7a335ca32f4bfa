"""The reminders log in the admin: what was sent to whom, and when. Staff only, read only.

Some reminders are confidential (mediation's name a case reference). The log does not know which: each
app's `reminders` module may declare `RESTRICTED_KINDS` (the kinds it restricts) and `log_scope(user) -> Q`
(which of its rows this user may read, decided by the app's own policy). Rows of other kinds are left alone.
"""

from collections.abc import Callable
from types import MethodType

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from estates.access import roles_of, staff_users
from estates.admin_lists import InlineCellColumn, InlineCells
from estates.discovery import app_modules
from estates.models import SentReminder

READ_ONLY_ACTIONS = {"view"}


def app_log_scopes() -> list[tuple[tuple[str, ...], Callable[..., Q]]]:
    """(restricted kinds, log_scope) of every installed app whose `reminders` module restricts some."""
    return [
        (tuple(module.RESTRICTED_KINDS), module.log_scope)
        for module in app_modules("reminders")
        if hasattr(module, "RESTRICTED_KINDS") and hasattr(module, "log_scope")
    ]


def visible_reminders(user) -> QuerySet[SentReminder]:
    """The log rows this user may read, newest first, with their recipients: staff only, and of each
    app's restricted kinds only the rows that app's `log_scope(user)` allows."""
    if not roles_of(user).is_staff_member:
        return SentReminder.objects.none()
    rows = SentReminder.objects.select_related("recipient")
    for kinds, log_scope in app_log_scopes():
        rows = rows.filter(~Q(kind__in=kinds) | log_scope(user))
    return rows


def visible_count(user) -> int:
    """How many rows `visible_reminders(user)` holds, counted along indexes: every row outside the apps'
    restricted kinds, plus the restricted rows the user may read. (Counting the rows of the combined condition
    itself reads every row of the log: tens of milliseconds at 10,000 rows, on every page of it.)"""
    if not roles_of(user).is_staff_member:
        return 0
    restricted = sorted({kind for kinds, _ in app_log_scopes() for kind in kinds})
    everything = SentReminder.objects.count()
    if not restricted:
        return everything
    return (
        everything
        - SentReminder.objects.filter(kind__in=restricted).count()
        + visible_reminders(user).filter(kind__in=restricted).count()
    )


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
        if not set(actions) & READ_ONLY_ACTIONS:
            return staff_users().none()
        return staff_users()


def rows_shown(user, rows) -> None:
    """Tell each app's `reminders.rows_shown(user, rows)`, if it has one, which rows a screen showed (mediation
    logs the cases its rows name in its case access log)."""
    for module in app_modules("reminders"):
        if hasattr(module, "rows_shown"):
            module.rows_shown(user, rows)


class ReminderLogIndexView(InlineCells, IndexView):
    def get_base_queryset(self):
        # The listing shows neither the message's template nor its context: leave them in the database. Newest
        # first by primary key: a row is claimed when it is created (estates.outbox), so this is the model's
        # "-claimed_at" order, read along the primary key; a sweep claims its rows at one instant, and sorting
        # such a tie by pk made the database sort the whole log for every page.
        return visible_reminders(self.request.user).defer("body_template", "context").order_by("-pk")

    def get_queryset(self):
        rows = super().get_queryset()
        if not self.is_searching and not self.is_filtering:
            # The whole log the user may read: its paginator counts it along indexes (visible_count).
            user = self.request.user
            rows.count = MethodType(lambda _rows: visible_count(user), rows)
        return rows

    def get_list_buttons(self, instance):
        # A row's one screen is its inspect view, which its title links to: no "More" menu repeating that link.
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows_shown(self.request.user, context["object_list"])
        return context


class ReminderLogInspectView(InspectView):
    def get_object(self, queryset=None):
        row = get_object_or_404(visible_reminders(self.request.user), pk=self.pk)
        rows_shown(self.request.user, [row])
        return row


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
        InlineCellColumn("recipient", label=_("recipient"), accessor=recipient_name),
        "status",
        "due_on",
        "sent_at",
    ]
    list_filter = ["status", "category"]
    search_fields = ["subject", "recipient__username", "recipient__first_name", "recipient__last_name"]
    inspect_view_fields = [
        "subject",
        "recipient",
        "category",
        "status",
        "message_id",
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
        return Permission.objects.none()

    def get_urlpatterns(self):
        # A log is read, never written: only the listing and the inspect view exist.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
