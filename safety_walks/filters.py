"""Filtering the list of walks by housing area and year, with clear messages for bad input."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from estates.models import HousingArea
from safety_walks.models import WalkPage
from safety_walks.selectors import walks_with_progress

WALKS_PER_PAGE = 20


class WalkFilter(forms.Form):
    omraade = forms.ModelChoiceField(
        label=_("Housing area"),
        queryset=HousingArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All areas"),
        error_messages={"invalid_choice": _("We do not know that housing area. Showing all areas.")},
    )
    aar = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("There are no walks from that year. Showing all years.")},
    )

    def __init__(self, data, *, parent):
        self.parent = parent
        self.base = WalkPage.objects.child_of(parent).live().public()
        super().__init__(data)
        years = sorted({date.year for date in self.base.dates("walk_date", "year")}, reverse=True)
        self.fields["aar"].choices = [("", _("All years")), *[(year, year) for year in years]]

    def walks(self):
        walks = self.base
        if self.is_valid():
            if area := self.cleaned_data.get("omraade"):
                walks = walks.filter(areas=area)
            if year := self.cleaned_data.get("aar"):
                walks = walks.filter(walk_date__year=year)
        page_number = self.data.get("side") or 1
        return Paginator(walks_with_progress(walks.order_by("-walk_date")), WALKS_PER_PAGE).get_page(page_number)
