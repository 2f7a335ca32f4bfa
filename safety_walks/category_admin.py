"""Finding categories in the Wagtail admin: a snippet, so wagtail-localize translates them, staff-only.

A snippet (not a modeladmin screen) because wagtail-localize's "Translate" action, its translation editor and
its PO export and import work on snippets. The list shows the Danish categories, the ones findings point at;
a category's translations are reached from it (the locale switcher of its edit view) or with `?locale=`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from estates.access import STAFF_USERS
from safety_walks import policy
from safety_walks.models import FindingCategory


class StaffOnlyPolicy(ModelPermissionPolicy):
    """Categories are social-housing staff's (policy.can_manage_findings), whatever model permissions say."""

    def user_has_permission(self, user, action):
        return policy.can_manage_findings(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return policy.can_manage_findings(user) and super().user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(STAFF_USERS).distinct()


class FindingCategoryViewSet(SnippetViewSet):
    model = FindingCategory
    menu_label = _("Categories")
    menu_icon = "tag"
    icon = "tag"
    # Its menu item sits in the "Safety walks" group (admin.SafetyWalksGroup), not among "Snippets".
    menu_item_is_registered = True
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]

    def get_queryset(self, request):
        if request.GET.get("locale"):
            return None  # Wagtail's own list of the chosen locale
        return FindingCategory.objects.in_default_locale()


finding_categories = FindingCategoryViewSet()
