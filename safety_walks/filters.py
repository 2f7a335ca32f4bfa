"""Filters of safety-walk lists.

- The public list of walks by housing area and year (django-filter), with clear messages for bad input: a
  value we do not know is explained and ignored, so the list still shows.
- The findings list's sidebar in the admin (`VisibleRelatedFilter`): a partner is offered only the walks
  and organisations of findings they may see, never every walk title (drafts, login-restricted walks).
"""

import django_filters
from django.contrib.admin import RelatedFieldListFilter
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page as WagtailPage

from estates.models import HousingArea
from estates.public_widgets import PublicSelect
from safety_walks.reports import walks_with_progress

WALKS_PER_PAGE = 20


class WalkFilter(django_filters.FilterSet):
    omraade = django_filters.ModelChoiceFilter(
        label=_("Housing area"),
        field_name="areas",
        queryset=HousingArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
        error_messages={"invalid_choice": _("We do not know that housing area. Showing all areas.")},
        widget=PublicSelect,
    )
    aar = django_filters.TypedChoiceFilter(
        label=_("Year"),
        field_name="walk_date__year",
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("There are no walks from that year. Showing all years.")},
        widget=PublicSelect,
    )

    def __init__(self, data, *, walks: QuerySet, request=None, per_year: dict[int, int] | None = None):
        # Unbound when nothing is asked, so the form shows no errors on a first visit.
        super().__init__(data or None, queryset=walks, request=request)
        # The area choices from the areas the request reads once (the header's menu and the follow form offer
        # them too), given to the widget (django-filter's choices setter would wrap them as a queryset's);
        # the field's queryset still checks a chosen slug.
        area = self.form.fields["omraade"]
        areas = HousingArea.objects.for_request(request)
        area.widget.choices = [
            ("", area.empty_label),
            *((area.prepare_value(each), area.label_from_instance(each)) for each in areas),
        ]
        # How many walks each year has, newest first: the year choices, and the count the pages need unless
        # an area is chosen (one grouped query for both, unless the caller counted them: `per_year`).
        if per_year is None:
            per_year = dict(
                walks.order_by()
                .annotate(year=ExtractYear("walk_date"))
                .values_list("year")
                .annotate(walks=Count("pk"))
                .order_by("-year")
                .values_list("year", "walks")
            )
        self._per_year = per_year
        self.form.fields["aar"].choices = [("", _("All years")), *[(year, year) for year in self._per_year]]

    def walks(self, *, area_names: dict[int, list[str]] | None = None) -> Page:
        """The page of walks asked for (`side`), newest first, with their public progress (and their areas'
        names, read unless `area_names` tells them: safety_walks.reports.walks_with_progress)."""
        page_number = self.data.get("side") if self.data else 1
        walks = walks_with_progress(self.qs.order_by("-walk_date"), area_names=area_names)
        paginator = Paginator(walks, WALKS_PER_PAGE)
        if (count := self._count()) is not None:
            paginator.count = count  # known from the years: the pages need no count of their own
        return paginator.get_page(page_number)

    def _count(self) -> int | None:
        """The number of walks the filter lets through, when the years tell it (no area chosen)."""
        chosen = self.form.cleaned_data if self.form.is_valid() else getattr(self.form, "cleaned_data", {})
        if chosen.get("omraade"):
            return None
        year = chosen.get("aar")
        return self._per_year.get(year, 0) if year else sum(self._per_year.values())


class VisibleRelatedFilter(RelatedFieldListFilter):
    """modeladmin's related-field filter (e.g. `("walk", VisibleRelatedFilter)`) offering only the rows that
    the listed rows visible to the user point to (`<model>.objects.visible_to(user)`, for findings: staff
    all, a partner their organisation's).

    Asked per offered row (EXISTS: a walk's or an organisation's first visible finding, found by index), not
    as the set of every visible finding's walk or organisation, which reads the whole findings table."""

    # The field a choice's label is read from, when the related model's str() is that field (a subclass says so);
    # None: str() of each related row, built as a model instance.
    label_field = None

    def field_choices(self, field, request, model_admin):
        visible = model_admin.model.objects.visible_to(request.user).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        offered = Q(Exists(visible))
        related = field.remote_field.model
        label = self.label_field
        if issubclass(related, WagtailPage) and related.__str__ is WagtailPage.__str__:
            label = "title"  # a page's choice is its title: read the titles, not whole pages (costly to build)
        if label is not None:
            rows = related._default_manager.filter(offered)
            return list((rows.order_by(*ordering) if ordering else rows).values_list("pk", label))
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=offered)


class VisibleOrganisationFilter(VisibleRelatedFilter):
    """`VisibleRelatedFilter` for organisations, whose str() is their name: the names are read, not an organisation
    (a ClusterableModel, costly to build) per choice."""

    label_field = "name"
