"""The team's name on Wagtail's login (estates/templates/wagtailadmin/login.html)."""

from django import template

from estates.conf import setting

register = template.Library()


@register.simple_tag
def site_team() -> str:
    """WAGTAIL_SITE_NAME: whose site the login belongs to."""
    return setting("WAGTAIL_SITE_NAME")
