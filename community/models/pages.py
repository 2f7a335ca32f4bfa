"""The public calendar (CalendarPage) and its activities (ActivityPage) with cancelled or moved occurrences.

Each route delegates to its view in community/views.py; the views reach the data through the page
(`activities()`, `publishing_stamp()`) and the managers in models/querysets.py, never by importing this module.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from community import feed_views, recurrence, signals, validation, views
from community.activity_facts import ActivityFacts
from community.choices import (
    WEEK_INTERVALS,
    ActivityStatus,
    ExceptionAction,
    Recurrence,
    Theme,
)
from community.forms import ActivityPageForm
from community.models.occurrences import StoredOccurrence
from community.models.querysets import ActivityPageManager, CalendarPageManager, load_schedules
from community.serializers import AreaSerializer, OccurrenceExceptionSerializer, TargetGroupSerializer
from community.signups import views as signup_views
from estates import i18n
from estates.access import STAFF_USERS
from estates.pages import BoligsocialPageMixin

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
SHORT_SUMMARY_HELP = _(
    "Two or three short sentences in everyday words: what it is, for whom, and how to take part. "
    "Shown first on the page; many residents read Danish as their second language."
)


class CalendarPage(BoligsocialPageMixin, RoutablePageMixin, Page):
    """The activity calendar: upcoming list, month, day and past views, and the iCalendar feed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["community.ActivityPage"]

    objects = CalendarPageManager()

    class Meta:
        verbose_name = _("activity calendar")

    # --- what the calendar shows ----------------------------------------------------------------

    def activities(self):
        """The calendar's published activities (a queryset to narrow further)."""
        return ActivityPage.objects.published().of_calendar(self)

    def every_activity(self):
        """Every activity, published or not: a queryset that only names the model, for the calendar's own list
        and month, which find its published activities by the calendar kept on their stored occurrences
        (StoredOccurrence.listed_in); building it reads nothing (`activities()` reads every view restriction)."""
        return ActivityPage.objects.all()

    def publishing_stamp(self) -> str:
        """Changes whenever an activity of the calendar is published, unpublished or deleted (one query)."""
        return ActivityPage.objects.descendant_of(self).publishing_stamp()

    # --- public routes: each delegates to its view ------------------------------------------------

    @path("", name="upcoming")
    def upcoming_view(self, request):
        return views.upcoming(request, self)

    @path("tidligere/", name="past")
    def past_view(self, request):
        return views.past(request, self)

    @path("maaned/", name="this_month")
    def this_month_view(self, request):
        return views.month(request, self)

    @re_path(r"^maaned/(?P<year>\d{4})-(?P<month>\d{2})/$", name="month")
    def month_view(self, request, year, month):
        return views.month(request, self, year=int(year), month=int(month))

    @re_path(r"^dag/(?P<day>\d{4}-\d{2}-\d{2})/$", name="day")
    def day_view(self, request, day):
        return views.day(request, self, day)

    @path("ical/", name="feed")
    def feed_view(self, request):
        return feed_views.feed(request, self)

    def route_url(self, name: str, *args, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage(name, args=list(args)).lstrip("/")


class ActivityPage(BoligsocialPageMixin, RoutablePageMixin, ActivityFacts, Page):
    """One activity for neighbourliness, possibly repeating, that residents read and subscribe to.

    Occurrences and sign-ups hang off the activity in the default locale (estates.i18n); a translation or an
    alias presents that activity under its own title, texts and address, and signs residents up for it.
    """

    short_summary = models.TextField(_("in short"), max_length=400, blank=True, help_text=SHORT_SUMMARY_HELP)
    intro = models.TextField(
        _("introduction"), max_length=400, help_text=_("One or two sentences shown in the calendar.")
    )
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("The times are ignored; the activity lasts whole days.")
    )
    recurrence = models.CharField(_("repeats"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE)
    recurrence_interval = models.PositiveSmallIntegerField(
        _("number of weeks between each time"),
        null=True,
        blank=True,
        validators=[MinValueValidator(WEEK_INTERVALS.start), MaxValueValidator(WEEK_INTERVALS.stop - 1)],
        help_text=_("Only for “every few weeks”: 3 means every third week."),
    )
    recurrence_until = models.DateField(
        _("repeats until"), null=True, blank=True, help_text=_("The last date the activity can take place.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    cancellation_note = models.CharField(
        _("why it is cancelled"), max_length=200, blank=True, help_text=_("Shown to residents when cancelled.")
    )

    place_name = models.CharField(_("place"), max_length=160, help_text=_("For example 'Beboerhuset'."))
    place_address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    areas = ParentalManyToManyField(
        "estates.HousingArea",
        verbose_name=_("housing areas"),
        related_name="activities",
        blank=True,
        help_text=_("Leave empty if the activity is for the whole estate."),
    )
    target_groups = ParentalManyToManyField(
        "community.TargetGroup", verbose_name=_("target groups"), related_name="activities"
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.NEIGHBOURLINESS)

    organiser = models.CharField(_("organiser"), max_length=160, help_text=_("For example 'Ungdomsklubben'."))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=STAFF_USERS,
        help_text=_("Is reminded the day after each occurrence to record attendance. Not shown to residents."),
    )

    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, toilets, hearing loop, what to bring, and so on."),
    )
    price = models.CharField(_("price"), max_length=120, blank=True, help_text=_("Leave empty if it is free."))

    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    registration_url = models.URLField(
        _("sign-up link"),
        blank=True,
        help_text=_(
            "Only if residents sign up elsewhere. "
            "Leave empty to take sign-ups on this site, with places and a waiting list."
        ),
    )
    registration_email = models.EmailField(_("sign-up email"), blank=True)
    registration_deadline = models.DateField(_("sign up by"), null=True, blank=True)

    local_problems = models.JSONField(
        _("local problems it takes up"),
        default=list,
        blank=True,
        help_text=_("Findings from safety walks or theme meetings that this activity works on."),
    )

    # Kept by save(): SEQUENCE of the iCalendar event and the span of all occurrences, for filtering.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    series_start = models.DateTimeField(null=True, editable=False, db_index=True)
    series_end = models.DateTimeField(null=True, editable=False, db_index=True)

    objects = ActivityPageManager()

    base_form_class = ActivityPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_summary"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("all_day"),
                FieldPanel("status"),
                FieldPanel("cancellation_note"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("recurrence"), FieldPanel("recurrence_interval"), FieldPanel("recurrence_until")],
            heading=_("Repetition"),
        ),
        InlinePanel(
            "occurrence_exceptions",
            heading=_("Cancelled or moved occurrences"),
            label=_("Occurrence"),
            help_text=_("Cancel or move a single occurrence of a repeating activity."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("place_address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("areas", widget=CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=CheckboxSelectMultiple),
                FieldPanel("theme"),
                FieldPanel("local_problems"),
            ],
            heading=_("For whom and why"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("responsible_staff"),
            ],
            heading=_("Organiser"),
        ),
        MultiFieldPanel([FieldPanel("accessibility"), FieldPanel("price")], heading=_("Practical information")),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                FieldRowPanel([FieldPanel("registration_url"), FieldPanel("registration_email")]),
            ],
            heading=_("Registration"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_summary"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("organiser"),
        index.FilterField("theme"),
        index.FilterField("status"),
    ]

    # Wagtail's API lists many activities at once: fetch their relations in one query each.
    api_prefetch_related = ("areas", "target_groups", "occurrence_exceptions")
    api_fields = [
        APIField("short_summary"),
        APIField("intro"),
        APIField("body"),
        APIField("image", serializer=ImageRenditionField("fill-800x450")),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("all_day"),
        APIField("recurrence"),
        APIField("recurrence_interval"),
        APIField("recurrence_until"),
        APIField("occurrence_exceptions", serializer=OccurrenceExceptionSerializer(many=True)),
        APIField("status"),
        APIField("cancellation_note"),
        APIField("place_name"),
        APIField("place_address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("areas", serializer=AreaSerializer(many=True)),
        APIField("target_groups", serializer=TargetGroupSerializer(many=True)),
        APIField("across_generations"),
        APIField("theme"),
        APIField("organiser"),
        APIField("contact_name"),
        APIField("contact_phone"),
        APIField("contact_email"),
        APIField("accessibility"),
        APIField("price"),
        APIField("registration_required"),
        APIField("capacity"),
        APIField("registration_url"),
        APIField("registration_email"),
        APIField("registration_deadline"),
        APIField("ical_uid"),
    ]

    parent_page_types = ["community.CalendarPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    # --- derived values -----------------------------------------------------------------------

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    @property
    def is_recurring(self) -> bool:
        return recurrence.is_recurring(self)

    @property
    def is_free(self) -> bool:
        return not self.price.strip()

    @cached_property
    def target_group_codes(self) -> list[str]:
        return [group.code for group in self.target_groups.all()]

    @property
    def area_list(self) -> list:
        loaded = getattr(self, "loaded_areas", None)
        return loaded if loaded is not None else list(self.areas.all())

    # --- validation and saving ----------------------------------------------------------------

    def clean(self):
        super().clean()
        validation.validate_schedule(self)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        schedule_changes = update_fields is None or bool(set(update_fields) & validation.SCHEDULE_FIELDS)
        if schedule_changes:
            self._refresh_schedule_bookkeeping()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "series_start", "series_end"}
        if not schedule_changes:
            return super().save(*args, **kwargs)
        # modelcluster saves the cancelled and moved occurrences after the page row: store the rows once,
        # after both (a draft revision saves only its bookkeeping fields, and keeps the published rows).
        with signals.saving_schedule(self):
            result = super().save(*args, **kwargs)
        StoredOccurrence.objects.store(self)
        return result

    def _refresh_schedule_bookkeeping(self) -> None:
        if self.starts_at is None or self.ends_at is None:
            return
        if self.is_recurring and self.recurrence_until is None:
            return  # invalid; clean() says so before a form ever saves it
        self.series_start, self.series_end = recurrence.series_bounds(self)
        if self.pk is None:
            return
        previous = ActivityPage.objects.filter(pk=self.pk).prefetch_related("occurrence_exceptions").first()
        if previous is None:
            return
        if recurrence.schedule_signature(previous) != recurrence.schedule_signature(self):
            self.sequence = previous.sequence + 1
        else:
            self.sequence = max(self.sequence, previous.sequence)

    # --- public routes ------------------------------------------------------------------------

    @cached_property
    def source(self) -> ActivityPage:
        """The activity in the default locale: the one occurrences and sign-ups belong to."""
        return i18n.source_page(self)

    @path("", name="detail")
    def detail_view(self, request):
        return self.render(request)

    @path("ical/", name="ical")
    def ical_view(self, request):
        return feed_views.activity_ical(request, self.source)

    @path("tilmeld/", name="signup")
    def signup_view(self, request):
        # Whatever language the form is read in, the resident signs up for the one activity (its places).
        return signup_views.signup(request, self.source, page=self)

    def ical_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("ical").lstrip("/")

    def with_schedule(self) -> ActivityPage:
        """The activity with its exceptions, areas and target groups loaded (one query each)."""
        load_schedules([self])
        return self

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        activity = self.source
        context.update(views.activity_context(request, activity))
        # `page` (this translation) gives the text and the addresses; `activity` the schedule, places and sign-up.
        context["activity"] = activity
        if activity is not self:  # back to the calendar and to the feed in the reader's language
            context["calendar_page"] = self.get_parent()
            context["ical_url"] = self.ical_url(request)
        return context


class OccurrenceException(models.Model):
    """One occurrence of a repeating activity that is cancelled or moved to another time."""

    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="occurrence_exceptions")
    occurrence_date = models.DateField(
        _("date of the occurrence"), help_text=_("The date the activity would normally take place.")
    )
    action = models.CharField(_("what happens"), max_length=20, choices=ExceptionAction.choices)
    new_starts_at = models.DateTimeField(_("new start"), null=True, blank=True)
    new_ends_at = models.DateTimeField(
        _("new end"), null=True, blank=True, help_text=_("Leave empty to keep the usual length.")
    )
    note = models.CharField(_("note for residents"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("occurrence_date"), FieldPanel("action")]),
        FieldRowPanel([FieldPanel("new_starts_at"), FieldPanel("new_ends_at")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["occurrence_date"]
        verbose_name = _("cancelled or moved occurrence")
        verbose_name_plural = _("cancelled or moved occurrences")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "occurrence_date"],
                name="community_exception_one_per_date",
                violation_error_message=_("This occurrence is already cancelled or moved."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence_date:%Y-%m-%d} {self.get_action_display()}"

    def clean(self):
        super().clean()
        validation.validate_exception_fields(self)
