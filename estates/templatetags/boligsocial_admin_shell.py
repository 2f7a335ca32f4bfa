"""`{% cached_sidebar_props %}`: Wagtail's `{% sidebar_props %}`, kept per user and language (estates.admin_shell).

Used by the plugin's copy of wagtailadmin/base.html in place of Wagtail's tag."""

from django import template
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props

from estates.admin_shell import cached_sidebar_props as _cached_sidebar_props

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_sidebar_props(context):
    return _cached_sidebar_props(context, sidebar_props)
