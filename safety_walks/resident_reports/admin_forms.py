"""Staff's triage forms: the filter of the report list, and the three decisions on one report."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from estates import i18n
from estates.models import HousingArea
from safety_walks.models import FindingCategory, Priority, WalkPage
from safety_walks.models.reports import ReportStatus, ResidentReport


class ReportFilterSet(WagtailFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=HousingArea.objects.all(), label=_("Housing area"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"), empty_label=_("All statuses"))
    category = django_filters.ModelChoiceFilter(
        queryset=FindingCategory.objects.in_default_locale(), label=_("Category")
    )

    class Meta:
        model = ResidentReport
        fields = ["area", "status", "category"]


def walks_for(report: ResidentReport):
    """The walks a report can go on: those in its area, planned ones first, then the latest."""
    walks = i18n.in_source_locale(WalkPage.objects.filter(areas=report.area)).order_by("-walk_date")
    now = timezone.now()
    return sorted(walks, key=lambda walk: (walk.walk_date <= now, -walk.walk_date.timestamp()))


class WalkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, walk):
        planned = _("walk planned") if walk.walk_date > timezone.now() else _("walk held")
        return f"{walk.title} ({walk.walk_date:%d.%m.%Y}, {planned})"


class ToFindingForm(forms.Form):
    walk = WalkChoiceField(queryset=WalkPage.objects.none(), label=_("Safety walk"), empty_label=None)
    title = forms.CharField(label=_("Title of the finding"), max_length=160)
    description = forms.CharField(
        label=_("Description residents read"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Taken from the report: remove anything that could point out the resident."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority of the finding"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    is_public = forms.BooleanField(label=_("Shown to residents"), required=False, initial=True)
    use_photo = forms.BooleanField(
        label=_("Use the resident's photo for the finding"),
        required=False,
        help_text=_("Only if it shows no people; a public finding shows its photo on the walk page."),
    )
    message = forms.CharField(
        label=_("Message to the reporter"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )

    def __init__(self, *args, report: ResidentReport, **kwargs):
        super().__init__(*args, **kwargs)
        walks = walks_for(report)
        self.fields["walk"].queryset = WalkPage.objects.filter(pk__in=[walk.pk for walk in walks])
        self.fields["walk"].choices = [(walk.pk, self.fields["walk"].label_from_instance(walk)) for walk in walks]
        self.fields["title"].initial = report.what.splitlines()[0][:160] if report.what else ""
        self.fields["description"].initial = report.what
        if not report.photo_id:
            del self.fields["use_photo"]


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=ResidentReport.objects.none(), label=_("The report it repeats"), empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the reporter"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )

    def __init__(self, *args, report: ResidentReport, **kwargs):
        super().__init__(*args, **kwargs)
        others = ResidentReport.objects.filter(area=report.area, merged_into=None).exclude(pk=report.pk)
        newest = list(others.order_by("-created_at").values_list("pk", flat=True)[:200])
        self.fields["into"].queryset = (
            ResidentReport.objects.filter(pk__in=newest).select_related("category").order_by("-created_at")
        )
        self.fields["into"].label_from_instance = lambda other: (
            f"#{other.pk} {other.created_at:%d.%m.%Y} · {other.category} · {other.what[:60]} "
            f"({other.get_status_display()})"
        )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report closed? The reporter reads this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Tell the resident why the report is closed.")},
    )
