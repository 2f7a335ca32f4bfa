"""Admin screens for housing areas and organisations (Wagtail snippets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from estates.models import HousingArea, Organisation


class HousingAreaViewSet(SnippetViewSet):
    model = HousingArea
    icon = "home"
    menu_label = _("Housing areas")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name"]


class EstatesViewSetGroup(SnippetViewSetGroup):
    items = (HousingAreaViewSet, OrganisationViewSet)
    menu_icon = "home"
    menu_label = _("Areas and partners")
    menu_name = "estates"
    menu_order = 300
