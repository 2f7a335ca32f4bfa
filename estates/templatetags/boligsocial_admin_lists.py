"""`{% listed_rows %}` and `{% listed_filters %}`: a modeladmin list's table and filters written in one pass
(estates.modeladmin_rows), for `boligsocial/admin/modeladmin_index.html`."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers

from estates import modeladmin_rows

register = template.Library()


@register.inclusion_tag("boligsocial/admin/result_list.html", takes_context=True)
def listed_rows(context):
    view, object_list = context["view"], context["object_list"]
    return {
        "view": view,
        "result_headers": list(result_headers(view)),
        "rows": modeladmin_rows.result_rows(view, object_list, context.flatten()),
        "has_rows": bool(object_list),
    }


@register.simple_tag(takes_context=True)
def listed_filters(context):
    return modeladmin_rows.list_filters(context["view"])
