"""The public walk report (WalkPage) and the list of walks (WalkIndexPage)."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from estates.pages import BoligsocialPageMixin
from safety_walks import reports
from safety_walks.filters import WalkFilter
from safety_walks.serializers import public_finding_dict

FOLLOW_UP_AFTER = relativedelta(months=6)


class WalkIndexPage(BoligsocialPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["safety_walks.WalkPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("list of safety walks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        walk_filter = WalkFilter(request.GET, walks=WalkPage.objects.child_of(self).live().public())
        context["filter"] = walk_filter.form
        context["walks"] = walk_filter.walks()
        return context


class WalkPage(BoligsocialPageMixin, Page):
    """One safety walk and its public report."""

    walk_date = models.DateTimeField(_("date and time of the walk"))
    areas = ParentalManyToManyField("estates.HousingArea", related_name="walks", verbose_name=_("housing areas"))
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    route_description = models.TextField(_("route"), blank=True)
    participating_organisations = ParentalManyToManyField(
        "estates.Organisation", blank=True, related_name="walks", verbose_name=_("participating organisations")
    )
    resident_count = models.PositiveIntegerField(_("number of residents who took part"), default=0)
    summary = RichTextField(_("summary"), blank=True, features=["h3", "bold", "italic", "link", "ol", "ul"])
    follow_up_date = models.DateField(
        _("follow-up meeting due"), blank=True, null=True, help_text=_("Leave empty for six months after the walk.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("walk_date"), FieldPanel("follow_up_date")]),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("meeting_point"),
                FieldPanel("route_description"),
            ],
            heading=_("The walk"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("participating_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("resident_count"),
            ],
            heading=_("Who took part"),
        ),
        FieldPanel("summary"),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
    ]
    parent_page_types = ["safety_walks.WalkIndexPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("meeting_point"),
        index.SearchField("route_description"),
        # Only public findings are indexed; internal findings never reach the search index.
        index.SearchField("public_findings_text"),
        index.FilterField("walk_date"),
    ]
    api_prefetch_related = ("areas",)
    api_fields = [
        APIField("walk_date"),
        APIField("follow_up_date"),
        APIField("meeting_point"),
        APIField("route_description"),
        APIField("resident_count"),
        APIField("summary"),
        APIField("area_names"),
        APIField("progress"),
        APIField("public_findings"),
    ]

    class Meta:
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")

    def save(self, *args, **kwargs):
        if self.walk_date and not self.follow_up_date:
            self.follow_up_date = timezone.localdate(self.walk_date) + FOLLOW_UP_AFTER
        super().save(*args, **kwargs)

    # Public report. Everything below reads public findings only.
    @cached_property
    def report(self) -> reports.WalkReport:
        return reports.public_report(self)

    @property
    def area_names(self) -> list[str]:
        return [area.name for area in self.areas.all()]

    @property
    def progress(self) -> dict:
        return reports.walk_progress(self).as_dict()

    @property
    def public_findings(self) -> list[dict]:
        return [public_finding_dict(item) for item in self.report.items]

    def public_findings_text(self) -> str:
        return reports.public_findings_text(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report"] = self.report
        return context


class WalkPhoto(Orderable):
    page = ParentalKey(WalkPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
