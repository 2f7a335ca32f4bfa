from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail_modeladmin.options import modeladmin_register

from estates.calendar import CALENDAR_HOOK
from estates.sections import HOOK_NAME as HOME_SECTIONS_HOOK
from safety_walks import calendar, policy, sections
from safety_walks.admin import SafetyWalksGroup
from safety_walks.models import WalkPage
from safety_walks.views.agenda import agenda
from safety_walks.views.updates import add_update

modeladmin_register(SafetyWalksGroup)
hooks.register(HOME_SECTIONS_HOOK, sections.latest_walk_outcomes)
hooks.register(CALENDAR_HOOK, calendar.public_meetings)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("safety-walks/walk/<int:walk_id>/agenda/", agenda, name="safety_walks_agenda"),
        path("safety-walks/finding/<int:finding_id>/update/", add_update, name="safety_walks_add_update"),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("safety_walks.finding_update", _("Update added"), _("Update added to the finding"))


@hooks.register("register_page_header_buttons")
def walk_page_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not WalkPage or not policy.can_manage_findings(user):
        return
    findings_url = reverse("safety_walks_finding_modeladmin_index")
    yield Button(_("Findings"), f"{findings_url}?walk__id__exact={page.pk}", icon_name="warning", priority=10)
    yield Button(_("Status agenda"), reverse("safety_walks_agenda", args=[page.pk]), icon_name="list-ul", priority=20)
