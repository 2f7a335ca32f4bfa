from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from estates.models import SentReminder
from estates.reminder_views import ReminderLogPermissionPolicy, ReminderLogViewSet
from estates.viewsets import EstatesViewSetGroup

# Before any view asks for it: otherwise Wagtail creates a fallback policy for the model.
register_permission_policy(SentReminder, ReminderLogPermissionPolicy(SentReminder))

register_snippet(EstatesViewSetGroup)


@hooks.register("register_admin_viewset")
def register_reminders_log():
    return ReminderLogViewSet()
