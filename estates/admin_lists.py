"""modeladmin index views that stay flat as a list grows: the list built once per request, counted once, and
DISTINCT only when a filter in the address can repeat a row.

wagtail-modeladmin's IndexView builds the filtered queryset (and every filter's choices) twice per request
(in `dispatch` and again in `get_context_data`), adds DISTINCT for every many-valued filter declared whether
it is used or not (a DISTINCT over every column, annotations included), and counts the list twice (the
result count, then its paginator).
"""

from types import MethodType

from django.contrib.admin.utils import lookup_spawns_duplicates


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

    def get_filters(self, request):
        filter_specs, has_filters, lookup_params, _declared_distinct = super().get_filters(request)
        used = {key for spec in filter_specs for key in spec.used_parameters}
        use_distinct = any(lookup_spawns_duplicates(self.opts, key) for key in used | set(lookup_params))
        return filter_specs, has_filters, lookup_params, use_distinct
