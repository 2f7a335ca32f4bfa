"""Admin index views that stay flat as a list grows: the list built once per request, counted once, and
DISTINCT only when a filter in the address can repeat a row (modeladmin); cells written without a template
each (Wagtail's generic IndexView).

wagtail-modeladmin's IndexView builds the filtered queryset (and every filter's choices) twice per request
(in `dispatch` and again in `get_context_data`), adds DISTINCT for every many-valued filter declared whether
it is used or not (a DISTINCT over every column, annotations included), counts the list twice (the result count,
then its paginator), and deep-copies the address's parameters for every link of its filters and pages.
"""

from types import MethodType

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.http import urlencode
from wagtail.admin.ui.tables import Column


def count_once(queryset):
    """The queryset, counted at most once, however often it is asked."""
    counted = []

    def count(self):
        if not counted:
            counted.append(type(self).count(self))
        return counted[0]

    queryset.count = MethodType(count, queryset)
    return queryset


class ListedOnce:
    """Mix into a modeladmin IndexView (before it)."""

    def get_queryset(self, request=None):
        if getattr(self, "_listed", None) is None:
            self._listed = count_once(super().get_queryset(request))
        return self._listed

    def get_query_string(self, new_params=None, remove=None):
        """modeladmin's query string for a filter choice or a page link, from a plain dict of the address's parameters
        (each one's last value, which is all modeladmin's copy of the QueryDict gives: `items()`) instead of a
        deep copy of the QueryDict per link: the sidebar of a list asks for about a hundred."""
        params = dict(self.params.items())
        for prefix in remove or ():
            for key in [key for key in params if key.startswith(prefix)]:
                del params[key]
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return f"?{urlencode(sorted(params.items()))}"

    def get_filters(self, request):
        filter_specs, has_filters, lookup_params, _declared_distinct = super().get_filters(request)
        used = {key for spec in filter_specs for key in spec.used_parameters}
        use_distinct = any(lookup_spawns_duplicates(self.opts, key) for key in used | set(lookup_params))
        return filter_specs, has_filters, lookup_params, use_distinct


class InlineCellColumn(Column):
    """Wagtail's plain Column, its cell written here instead of rendering `wagtailadmin/tables/cell.html` once
    per cell (a template render for every cell of every row is most of a listing's time): the same markup, the
    value localised and escaped as the template would."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        shown = "" if value is None else render_value_in_context(value, parent_context)
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, shown)
        return format_html("<td>{}</td>", shown)


class InlineCells:
    """Mix into a Wagtail generic (ModelViewSet) IndexView: the columns derived from `list_display` field names
    are InlineCellColumns (the title column, with its link and buttons, stays Wagtail's)."""

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column:
            column_class = InlineCellColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)
