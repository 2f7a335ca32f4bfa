"""Estates in the Wagtail admin: registration only (snippets, the reminders log, inviting partners, the
person-data screen, and the partner's narrowed menu derived from what apps register in estates.middleware)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from estates import person_data_views, views
from estates.access import roles_of
from estates.menu import RuleMenuItem
from estates.middleware import partner_menu_items
from estates.models import SentReminder
from estates.preference_panel import MailPreferencesPanel
from estates.reminder_views import ReminderLogPermissionPolicy, ReminderLogViewSet
from estates.security import views as two_factor_views
from estates.viewsets import EstatesViewSetGroup

# Before any view asks for it: otherwise Wagtail creates a fallback policy for the model.
register_permission_policy(SentReminder, ReminderLogPermissionPolicy(SentReminder))

register_snippet(EstatesViewSetGroup)


@hooks.register("register_admin_viewset")
def register_reminders_log():
    return ReminderLogViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("estates/invite-partner/", views.invite_partner, name="estates_invite_partner")]


@hooks.register("register_admin_urls")
def register_person_data_urls():
    return [path("estates/person-data/", person_data_views.person_data, name="estates_person_data")]


@hooks.register("register_settings_menu_item")
def register_person_data_menu_item():
    return RuleMenuItem(
        _("Personal data"),
        reverse("estates_person_data"),
        is_allowed=person_data_views.can_handle_person_data,
        name="person-data",
        icon_name="user",
        order=660,
    )


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor_views.admin_urls()


@hooks.register("register_settings_menu_item")
def register_invite_partner_menu_item():
    return RuleMenuItem(
        _("Invite a partner"),
        reverse("estates_invite_partner"),
        is_allowed=views.can_invite_partners,
        name="invite-partner",
        icon_name="user",
        order=650,
    )


@hooks.register("construct_main_menu")
def partners_see_only_their_screens(request, menu_items):
    """A partner's menu holds only the items apps register for partners (estates.middleware.PartnerScreens)."""
    if roles_of(request.user).is_partner:
        shown = partner_menu_items()  # asked once, not once per menu item
        menu_items[:] = [item for item in menu_items if item.name in shown]


@hooks.register("register_account_settings_panel")
def register_mail_preferences_panel(request, user, profile):
    return MailPreferencesPanel(request, user, profile)
