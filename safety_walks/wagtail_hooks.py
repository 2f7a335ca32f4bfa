"""Safety walks in the Wagtail admin: registration only (screens, menu, panels, partner access, log actions)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from estates.calendar import CALENDAR_HOOK
from estates.media import HOOK_NAME as PHOTO_VISIBILITY_HOOK
from estates.menu import RuleMenuItem
from estates.middleware import HOOK_NAME as PARTNER_ADMIN_HOOK
from estates.middleware import PartnerScreens
from estates.sections import HOOK_NAME as HOME_SECTIONS_HOOK
from safety_walks import calendar, category_admin, log_actions, panels, photo_access, policy, problems, sections
from safety_walks.admin import FindingAdmin, SafetyWalksGroup
from safety_walks.following import wagtail_hooks as following_hooks  # noqa: F401
from safety_walks.models import FindingCategory, FollowUpMeeting, WalkPage
from safety_walks.resident_reports import wagtail_hooks as report_hooks  # noqa: F401
from safety_walks.views.agenda import agenda
from safety_walks.views.moderation import public_note
from safety_walks.views.my_items import my_items
from safety_walks.views.updates import add_update

# What modeladmin_register does, keeping the instance: its ModelAdmins name their URLs for partner access.
safety_walks_admin = SafetyWalksGroup()
safety_walks_admin.register_with_wagtail()
# Categories: a snippet for wagtail-localize, staff-only, in the group's menu (category_admin.py).
register_permission_policy(FindingCategory, category_admin.StaffOnlyPolicy(FindingCategory))
register_snippet(category_admin.finding_categories)
hooks.register(HOME_SECTIONS_HOOK, sections.latest_walk_outcomes)
hooks.register(CALENDAR_HOOK, calendar.public_meetings)
hooks.register("construct_homepage_panels", panels.add_panels)
hooks.register(PHOTO_VISIBILITY_HOOK, photo_access.safety_walk_photo_visibility)
# Activities can take up a local problem (community app); the hook name is that app's contract.
hooks.register("boligsocial_local_problems", problems.local_problems)

# The admin views partners use (each checks the rows with policy.py); the agenda is staff's.
PARTNER_URLS = [
    path("safety-walks/finding/<int:finding_id>/update/", add_update, name="safety_walks_add_update"),
    path("safety-walks/my-items/", my_items, name="safety_walks_my_items"),
]
STAFF_URLS = [
    path("safety-walks/walk/<int:walk_id>/agenda/", agenda, name="safety_walks_agenda"),
    path("safety-walks/update/<int:update_id>/public-note/", public_note, name="safety_walks_public_note"),
]
MY_ITEMS_MENU_NAME = "my-items"


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [*STAFF_URLS, *PARTNER_URLS]


@hooks.register(PARTNER_ADMIN_HOOK)
def partner_screens() -> PartnerScreens:
    """A partner logs in twice a year: their items, the updates they add, and the findings list limited by
    FindingPermissionHelper to their organisation's findings."""
    (finding_admin,) = [admin for admin in safety_walks_admin.modeladmin_instances if isinstance(admin, FindingAdmin)]
    return PartnerScreens(
        urls=PARTNER_URLS,
        modeladmin=finding_admin,
        modeladmin_actions=("index", "inspect", "history"),
        menu_items=(MY_ITEMS_MENU_NAME,),
        start_url_name="safety_walks_my_items",
        search_url_name=finding_admin.url_helper.get_action_url_name("index"),
    )


@hooks.register("register_admin_menu_item")
def register_my_items_menu_item():
    return RuleMenuItem(
        _("My items"),
        reverse("safety_walks_my_items"),
        is_allowed=policy.has_own_items,
        name=MY_ITEMS_MENU_NAME,
        icon_name="tasks",
        order=50,
    )


hooks.register("register_log_actions", log_actions.register)


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
    # walkplan: plan the walk's follow-up meeting from its page, or open the one planned (to move or record it).
    meeting = FollowUpMeeting.objects.filter(walk_id=page.pk).values_list("pk", flat=True).first()
    if meeting is None:
        meeting_url = reverse("safety_walks_followupmeeting_modeladmin_create") + f"?walk={page.pk}"
    else:
        meeting_url = reverse("safety_walks_followupmeeting_modeladmin_edit", args=[meeting])
    yield Button(_("Follow-up meeting"), meeting_url, icon_name="date", priority=25)
