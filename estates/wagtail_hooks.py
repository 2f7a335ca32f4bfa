from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from estates import views
from estates.access import roles_of
from estates.models import SentReminder
from estates.reminder_views import ReminderLogPermissionPolicy, ReminderLogViewSet
from estates.viewsets import EstatesViewSetGroup

# Before any view asks for it: otherwise Wagtail creates a fallback policy for the model.
register_permission_policy(SentReminder, ReminderLogPermissionPolicy(SentReminder))

register_snippet(EstatesViewSetGroup)


@hooks.register("register_admin_viewset")
def register_reminders_log():
    return ReminderLogViewSet()


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return roles_of(request.user).is_staff_member


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("estates/invite-partner/", views.invite_partner, name="estates_invite_partner")]


@hooks.register("register_settings_menu_item")
def register_invite_partner_menu_item():
    return StaffMenuItem(
        _("Invite a partner"), reverse("estates_invite_partner"), name="invite-partner", icon_name="user", order=650
    )
