"""Header navigation: the site's main sections, and the housing areas (each the home page for that area).

Both read the home page of the reader's language (its translation or alias; the Danish one where the language
has none), so every menu link stays in the language being read."""

from django import template
from wagtail.models import Site

from estates import i18n
from estates.models import HousingArea

register = template.Library()


def _home(request):
    """The home page in the reader's language, read once per request (both menus ask)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    found = getattr(request, "_boligsocial_home", None)
    if found is not None and found[0] == i18n.active_language():
        return found[1]
    # In Danish the site's root itself, with no query (estates.i18n.presented).
    home = i18n.presented([site.root_page])[site.root_page.pk].specific
    request._boligsocial_home = (i18n.active_language(), home)
    return home


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The home page's published children marked "show in menus" (safety walks, activities, ...)."""
    request = context.get("request")
    home = _home(request)
    sections = home.get_children().live().in_menu().specific() if home else []
    current = context.get("page")
    current_path = current.path if current is not None and hasattr(current, "path") else ""
    return {
        "home": home,
        "sections": [(section, current_path.startswith(section.path)) for section in sections],
        "request": request,
    }


@register.inclusion_tag("includes/area_nav.html", takes_context=True)
def housing_area_nav(context):
    request = context.get("request")
    home = _home(request)
    area_links = []
    if home is not None and hasattr(home, "area_url"):
        area_links = [(area, home.area_url(area)) for area in HousingArea.objects.for_request(request)]
    page = context.get("page")
    on_home = home is not None and page is not None and getattr(page, "pk", None) == home.pk
    return {
        "area_links": area_links,
        "current_area": context.get("area"),
        "on_all_areas": on_home and context.get("area") is None,
        "home_url": home.url if home else "/",
    }
