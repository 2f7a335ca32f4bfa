"""Header navigation: the housing areas, each linking to the home page filtered to that area."""

from django import template
from wagtail.models import Site

from estates.models import HousingArea

register = template.Library()


@register.inclusion_tag("includes/area_nav.html", takes_context=True)
def housing_area_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = site.root_page.specific if site else None
    area_links = []
    if home is not None and hasattr(home, "area_url"):
        area_links = [(area, home.area_url(area)) for area in HousingArea.objects.only("name", "slug")]
    current = context.get("area")
    return {"area_links": area_links, "current_area": current, "home_url": home.url if home else "/"}
