"""Staff's flat list of every activity in the admin (Wagtail's PageListingViewSet), filtered as residents
filter the calendar: housing area, target group, theme and "across generations", with Wagtail's own page
filters beside them. Each filter asks `community.filters.CalendarFilters`, the one home of those rules.

A host gets it in the Activities menu (`community.viewsets.ActivitiesViewSetGroup`).

One row per activity: the default locale's page, which carries its occurrences, sign-ups and attendance
(estates.i18n). Its translations are reached from the page's own menu, not listed again (with the aliases
wagtail-localize keeps, every activity would otherwise be listed once per language).
"""

from __future__ import annotations

import django_filters
from django.forms import RadioSelect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from community.choices import TargetGroupCode, Theme
from community.filters import CalendarFilters
from community.models import ActivityPage
from estates.models import HousingArea


def narrowed(queryset, filters: CalendarFilters):
    """The listing narrowed by primary key: the calendar's rules join and de-duplicate, Wagtail's listing orders."""
    return queryset.filter(pk__in=filters.apply(ActivityPage.objects.all()).values("pk"))


class ActivityPageFilterSet(PageFilterSet):
    area = django_filters.ModelChoiceFilter(
        label=_("Housing area"),
        queryset=HousingArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
        method="filter_area",
    )
    target_group = django_filters.ChoiceFilter(
        label=_("For whom"), choices=TargetGroupCode.choices, empty_label=_("Everyone"), method="filter_target_group"
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=Theme.choices, empty_label=_("All themes"), method="filter_theme"
    )
    across_generations = django_filters.ChoiceFilter(
        label=_("Across generations"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        empty_label=_("Any"),
        widget=RadioSelect,
        method="filter_across_generations",
    )

    class Meta:
        model = ActivityPage
        fields = []

    def filter_area(self, queryset, name, value):
        return narrowed(queryset, CalendarFilters(area=value))

    def filter_target_group(self, queryset, name, value):
        return narrowed(queryset, CalendarFilters(target_group=value))

    def filter_theme(self, queryset, name, value):
        return narrowed(queryset, CalendarFilters(theme=value))

    def filter_across_generations(self, queryset, name, value):
        return narrowed(queryset, CalendarFilters(across_generations=value == "true"))


class ActivityIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().in_source_locale()


class ActivityListingViewSet(PageListingViewSet):
    model = ActivityPage
    index_view_class = ActivityIndexView
    name = "community_activities"
    url_prefix = "community/activities"
    icon = "date"
    menu_label = _("All activities")
    menu_order = 50
    filterset_class = ActivityPageFilterSet
