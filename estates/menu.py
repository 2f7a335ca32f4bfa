"""One admin menu item for the whole plugin: shown to whoever a rule of the permission policies allows."""

from collections.abc import Callable

from wagtail.admin.menu import MenuItem


class RuleMenuItem(MenuItem):
    """A menu item shown when `is_allowed(user)` says so; the rule comes from the app's policy module,
    so the menu never decides access on its own (`safety_walks.policy`, `mediation.policy`, ...)."""

    def __init__(self, *args, is_allowed: Callable[..., bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.is_allowed = is_allowed

    def is_shown(self, request):
        return bool(self.is_allowed(request.user))
