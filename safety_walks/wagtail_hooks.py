from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail_modeladmin.options import modeladmin_register

from estates.access import roles_of
from estates.calendar import CALENDAR_HOOK
from estates.privacy import HOOK_NAME as PRIVATE_IMAGES_HOOK
from estates.sections import HOOK_NAME as HOME_SECTIONS_HOOK
from safety_walks import calendar, panels, policy, problems, sections, selectors
from safety_walks.admin import SafetyWalksGroup
from safety_walks.models import WalkPage
from safety_walks.views.agenda import agenda
from safety_walks.views.my_items import my_items
from safety_walks.views.updates import add_update

modeladmin_register(SafetyWalksGroup)
hooks.register(HOME_SECTIONS_HOOK, sections.latest_walk_outcomes)
hooks.register(CALENDAR_HOOK, calendar.public_meetings)
hooks.register("construct_homepage_panels", panels.add_panels)
hooks.register(PRIVATE_IMAGES_HOOK, selectors.private_images)
# Activities can take up a local problem (community app); the hook name is that app's contract.
hooks.register("boligsocial_local_problems", problems.local_problems)

# A partner logs in twice a year: show them their items and nothing else.
PARTNER_MENU = {"my-items"}


class MyItemsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(roles_of(request.user).organisation_ids)


@hooks.register("register_admin_menu_item")
def register_my_items_menu_item():
    return MyItemsMenuItem(
        _("My items"), reverse("safety_walks_my_items"), name="my-items", icon_name="tasks", order=50
    )


@hooks.register("boligsocial_partner_admin_urls")
def partner_admin_urls():
    return [
        "safety_walks_my_items",
        "safety_walks_add_update",
        "safety_walks_finding_modeladmin_index",
        "safety_walks_finding_modeladmin_inspect",
        "safety_walks_finding_modeladmin_history",
    ]


@hooks.register("construct_main_menu")
def partners_see_only_their_items(request, menu_items):
    if roles_of(request.user).is_partner:
        menu_items[:] = [item for item in menu_items if item.name in PARTNER_MENU]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("safety-walks/walk/<int:walk_id>/agenda/", agenda, name="safety_walks_agenda"),
        path("safety-walks/finding/<int:finding_id>/update/", add_update, name="safety_walks_add_update"),
        path("safety-walks/my-items/", my_items, name="safety_walks_my_items"),
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
    yield Button(
        _("Add finding"),
        reverse("safety_walks_finding_modeladmin_create") + f"?walk={page.pk}",
        icon_name="plus",
        priority=15,
    )
    yield Button(_("Status agenda"), reverse("safety_walks_agenda", args=[page.pk]), icon_name="list-ul", priority=20)
