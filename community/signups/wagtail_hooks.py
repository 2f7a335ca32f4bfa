"""Admin hooks of the sign-ups (imported by community/wagtail_hooks.py): the staff screens, their menu
item under Activities, and the sign-ups' part of the person-data export."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community import policy
from community.signups import admin_views, services
from community.signups.person_data import SignUpPersonData
from community.viewsets import ACTIVITIES_MENU_HOOK
from estates.menu import RuleMenuItem
from estates.person_data import PERSON_DATA_HOOK


@hooks.register("register_admin_urls")
def register_signup_urls():
    return [
        path("community/signups/", admin_views.index, name="community_signups"),
        path("community/signups/<int:activity_id>/", admin_views.activity, name="community_signups_activity"),
    ]


@hooks.register(ACTIVITIES_MENU_HOOK)
def register_signups_menu_item():
    return RuleMenuItem(
        _("Sign-ups"),
        reverse("community_signups"),
        is_allowed=policy.can_manage_signups,
        name="signups",
        icon_name="group",
        order=150,
    )


@hooks.register("after_publish_page")
def move_up_after_publishing(request, page):
    """More places, or the deadline moved: the waiting list moves up at once."""
    services.move_up_all(page.specific)


@hooks.register(PERSON_DATA_HOOK)
def signups_person_data():
    return SignUpPersonData()
