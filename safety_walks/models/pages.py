"""The public walk report (WalkPage) and the list of walks (WalkIndexPage)."""

import uuid

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from estates import i18n, maps
from estates.models import HousingArea
from estates.pages import BoligsocialPageMixin, public_pages
from safety_walks import reports
from safety_walks.filters import WalkFilter
from safety_walks.resident_reports.editor_panel import OpenReportsPanel
from safety_walks.serializers import public_finding_dict
from safety_walks.walk_overview import WalkOverview, walk_overview

FOLLOW_UP_AFTER = relativedelta(months=6)
# What an upcoming walk in the list of walks reads: a walk card's columns, and how to join it.
PLANNED_WALK_FIELDS = (*reports.WALK_CARD_FIELDS, "walk_ends_at", "meeting_point", "sign_up_needed")
REPORT_CACHE_SECONDS = 15 * 60  # walk-public: the rendered report, keyed on what it shows (walk_page.html)
SHORT_SUMMARY_HELP = _(
    "Two or three short sentences in everyday words: what happened and what happens next. "
    "Shown first on the page; many residents read Danish as their second language."
)


class WalkIndexPage(BoligsocialPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["safety_walks.WalkPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("list of safety walks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # walkplan: walks that lie ahead are listed apart, as invitations (planned_walks). In any language the
        # list is of the default locale's walks (their findings and progress), each shown as the reader's page.
        # The walks that have been, their count per year and each one's areas as the list's overview read them.
        overview = self._overview
        past = self._public_walks().filter(walk_date__lte=overview.now)
        walk_filter = WalkFilter(request.GET, walks=past, request=request, per_year=overview.past_per_year)
        context["filter"] = walk_filter.form
        walks = walk_filter.walks(area_names=overview.area_names(HousingArea.objects.for_request(request)))
        walks.object_list = i18n.with_shown(walks.object_list, request)
        context["walks"] = walks
        return context

    def planned_walks(self):
        """Walks that lie ahead, soonest first ("Upcoming walks": each page is an invitation), with the columns
        their invitation in the list reads (walk_index_page.html). Not asked for when the
        list's overview found none ahead (the usual case: the block then costs no query of its own)."""
        if not self._overview.any_ahead:
            return []
        walks = self._public_walks().filter(walk_date__gt=self._overview.now).only(*PLANNED_WALK_FIELDS)
        return i18n.with_shown(walks.prefetch_related("areas").order_by("walk_date"))

    def walk_area_ids(self) -> set[int]:
        """The ids of the housing areas that have a live, public walk in this list (their Atom feeds)."""
        return self._overview.area_ids

    @cached_property
    def _overview(self) -> WalkOverview:
        """The list's live, public walks in one flat query of a row per walk and area: the head's feed links, the
        upcoming walks, the filter's years, the paging's count and the walk cards' areas all ask."""
        return walk_overview(self._public_walks())

    def _public_walks(self):
        """The default locale's live, public walks under this list (the view restrictions asked inside the query)."""
        return self._public_walks_query.all()

    @cached_property
    def _public_walks_query(self):
        # Built once per page object: the list of past walks and the upcoming ones both start from it.
        return public_pages(_children_of(i18n.source_page(self)).live())

    def route(self, request, path_components):
        """A walk's address is found in one query of the walk itself (Wagtail asks for the page, then its type)."""
        if path_components:
            # With its follow-up meeting (or the knowledge that it has none): the report, its fingerprint and a
            # finding's own page all ask for it.
            walk = _children_of(self).filter(slug=path_components[0]).select_related("follow_up_meeting").first()
            if walk is not None:
                walk._cached_parent_obj = self  # as Wagtail's own route: its parent is known
                return walk.route(request, path_components[1:])
        return super().route(request, path_components)


def _children_of(index: Page):
    """The walks right below a list of walks: Wagtail's child_of() in two conditions (it adds two that say
    nothing more about a child, and every condition costs the list's queries to build)."""
    return WalkPage.objects.filter(path__startswith=index.path, depth=index.depth + 1)


class WalkPage(RoutablePageMixin, BoligsocialPageMixin, Page):
    """One safety walk and its public report.

    Findings, meetings, photos and follows hang off the walk in the default locale (estates.i18n); a
    translation or an alias presents that walk's report under its own title, summary and address.
    """

    short_summary = models.TextField(
        _("in short"),
        max_length=400,
        blank=True,
        help_text=SHORT_SUMMARY_HELP,
    )
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
    # walkplan: what an invitation to a walk that lies ahead tells residents.
    walk_ends_at = models.TimeField(
        _("expected end"), blank=True, null=True, help_text=_("When the walk is expected to end, for example 19:00.")
    )
    sign_up_needed = models.BooleanField(
        _("residents sign up first"), default=False, help_text=_("Leave unticked if residents can just come.")
    )
    sign_up_contact = models.CharField(
        _("sign up with"),
        max_length=200,
        blank=True,
        help_text=_("A name and a phone number or email address, for example: Maja Holm, 12 34 56 78."),
    )
    sign_up_by = models.DateField(_("sign up by"), blank=True, null=True)
    accessibility_note = models.TextField(
        _("accessibility"),
        max_length=600,
        blank=True,
        help_text=_("For example: the route has no steps; there is a bench every 200 m; bring a torch."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("walk_date"), FieldPanel("walk_ends_at"), FieldPanel("follow_up_date")]),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("meeting_point"),
                FieldPanel("route_description"),
                FieldPanel("accessibility_note"),
            ],
            heading=_("The walk"),
        ),
        OpenReportsPanel(heading=_("Reports from residents")),
        MultiFieldPanel(
            [
                FieldPanel("participating_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("resident_count"),
            ],
            heading=_("Who walks"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sign_up_needed"),
                FieldRowPanel([FieldPanel("sign_up_contact"), FieldPanel("sign_up_by")]),
            ],
            heading=_("How residents join"),
        ),
        FieldPanel("summary"),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
    ]
    parent_page_types = ["safety_walks.WalkIndexPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_summary"),
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
        APIField("walk_ends_at"),
        APIField("accessibility_note"),
        APIField("is_planned"),
        APIField("resident_count"),
        APIField("short_summary"),
        APIField("summary"),
        APIField("area_names"),
        APIField("area_slugs"),
        APIField("progress"),
        APIField("public_findings"),
    ]

    class Meta:
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")

    # walkplan: a walk that lies ahead is an invitation; the dates it is planned with must make sense.
    @property
    def is_planned(self) -> bool:
        """The walk has not started yet: its page invites residents instead of reporting."""
        return self.walk_date is not None and self.walk_date > timezone.now()

    def clean(self):
        super().clean()
        errors = {}
        walk_day = timezone.localdate(self.walk_date) if self.walk_date else None
        if walk_day and self.follow_up_date and self.follow_up_date < walk_day:
            errors["follow_up_date"] = _(
                "The follow-up meeting cannot be before the walk (%(date)s). Choose a date after the walk."
            ) % {"date": walk_day.strftime("%d.%m.%Y")}
        if walk_day and self.walk_ends_at and self.walk_ends_at <= timezone.localtime(self.walk_date).time():
            errors["walk_ends_at"] = _("The walk must end after it starts.")
        if walk_day and self.sign_up_by and self.sign_up_by > walk_day:
            errors["sign_up_by"] = _("The last day to sign up cannot be after the walk.")
        if self.sign_up_needed and not self.sign_up_contact.strip():
            errors["sign_up_contact"] = _("Tell residents whom to sign up with, or untick sign-up.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.walk_date and not self.follow_up_date:
            self.follow_up_date = timezone.localdate(self.walk_date) + FOLLOW_UP_AFTER
        super().save(*args, **kwargs)

    # Public report. Everything below reads public findings only, of the walk in the default locale.
    @cached_property
    def source(self) -> "WalkPage":
        """The walk in the default locale: the one findings, meetings, photos and follows belong to."""
        return i18n.source_page(self)

    @cached_property
    def report(self) -> reports.WalkReport:
        return reports.public_report(self.source, link=self.finding_url)

    @property
    def area_names(self) -> list[str]:
        return [area.name for area in self.source.areas.all()]

    @property
    def area_slugs(self) -> list[str]:
        """What the API's `areas=` filter takes."""
        return [area.slug for area in self.source.areas.all()]

    @property
    def progress(self) -> dict:
        return reports.walk_progress(self.source).as_dict()

    @property
    def public_findings(self) -> list[dict]:
        return [public_finding_dict(item) for item in self.report.items]

    def public_findings_text(self) -> str:
        return reports.public_findings_text(self.source)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        walk = self.source
        context["walk"] = walk  # the domain's walk; `page` (this translation) gives the text and the addresses
        # The report is read lazily (a cached property): the template's fragment cache, keyed on the
        # fingerprint of everything it shows, skips both the queries and the rendering when nothing changed.
        context["report"] = SimpleLazyObject(lambda: self.public_report(request))
        # Lazy: a finding's own page renders through this context too, and never reads the report's key.
        context["report_key"] = SimpleLazyObject(lambda: reports.report_fingerprint(walk))
        context["report_timeout"] = REPORT_CACHE_SECONDS
        if getattr(request, "is_preview", False):  # a preview shows unpublished changes: never cached
            context["report_key"], context["report_timeout"] = uuid.uuid4().hex, 0
        context["map"] = maps.map_config()
        return context

    # The address of one finding: stable, shareable, public findings of this walk only (under this
    # translation's address, so a reader stays in their language).
    @path("fund/<int:pk>/", name="finding")
    def finding_view(self, request, pk):
        walk = self.source
        item = reports.finding_report(walk, pk, link=lambda finding: self.finding_url(finding, request))
        if item is None:
            raise Http404
        return self.render(
            request,
            template="safety_walks/finding_page.html",
            context_overrides={
                "walk": walk,
                "item": item,
                "page_markers": reports.map_markers([item]),
                "map": maps.map_config(),
            },
        )

    def public_report(self, request=None) -> reports.WalkReport:
        """The report with each finding's address worked out for this request (the page's URL read once)."""
        base = self.get_url(request)
        return reports.public_report(self.source, link=lambda finding: base + self._finding_path(finding))

    def finding_url(self, finding, request=None) -> str:
        """The public address of one of this walk's findings (relative to the site)."""
        return self.get_url(request) + self._finding_path(finding)

    def _finding_path(self, finding) -> str:
        return self.reverse_subpage("finding", kwargs={"pk": finding.pk})

    def public_theme_meetings(self) -> list:
        """The theme meetings announced on this walk (read apart from the cached findings part)."""
        return list(self.source.theme_meetings.public().order_by("starts_at"))

    @property
    def map_markers(self) -> list[dict]:
        """The report's findings that have a position, as map markers numbered like the list."""
        return reports.map_markers(self.report.items)


class WalkPhoto(Orderable):
    page = ParentalKey(WalkPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
