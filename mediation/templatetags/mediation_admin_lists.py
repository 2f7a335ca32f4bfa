"""`{% listed_rows %}`: the table of a mediation admin list, its rows written in one pass (mediation.admin_rows)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers

from mediation.admin_rows import rendered_rows

register = template.Library()


@register.inclusion_tag("mediation/admin/includes/result_list.html", takes_context=True)
def listed_rows(context):
    view = context["view"]
    return {
        "view": view,
        "result_headers": list(result_headers(view)),
        "rows": rendered_rows(view, context["object_list"], context["request"]),
        "has_rows": bool(context["object_list"]),
    }
