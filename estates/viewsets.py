"""Admin screens for housing areas and organisations (Wagtail snippets)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from estates.access import roles_of
from estates.models import HousingArea, Organisation


def staff_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles_of(request.user).is_staff_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class StaffOnlyChooserViewSet(SnippetChooserViewSet):
    """Wagtail's snippet choosers answer any admin user; these are for social-housing staff only."""

    def get_urlpatterns(self):
        return [
            URLPattern(pattern.pattern, staff_only(pattern.callback), pattern.default_args, pattern.name)
            for pattern in super().get_urlpatterns()
        ]


class HousingAreaViewSet(SnippetViewSet):
    model = HousingArea
    chooser_viewset_class = StaffOnlyChooserViewSet
    icon = "home"
    menu_label = _("Housing areas")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None  # the ORM: Wagtail's SQLite backend answers `fields=` with "no such column" (500)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = StaffOnlyChooserViewSet
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None  # as above


class EstatesViewSetGroup(SnippetViewSetGroup):
    items = (HousingAreaViewSet, OrganisationViewSet)
    menu_icon = "home"
    menu_label = _("Areas and partners")
    menu_name = "estates"
    menu_order = 300
