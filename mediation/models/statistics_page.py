"""A web page that publishes the suppressed mediation statistics of one completed year.

Safe by construction: the page stores only an introduction and a year, and renders
`mediation.statistics.year_statistics`, which holds strings that already passed small-count suppression.
No case, party or narrative is ever loaded into its context.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from estates.pages import BoligsocialPageMixin
from mediation import statistics
from mediation.models.cases import Case


class MediationStatisticsPage(BoligsocialPageMixin, Page):
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(2000)],
        help_text=_("A completed calendar year. Counts below 3 are shown as “<3”."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("year"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types: list[str] = []
    template = "mediation/mediation_statistics_page.html"

    class Meta:
        verbose_name = _("mediation statistics page")

    def clean(self):
        super().clean()
        if self.year and not self.year_is_complete():
            raise ValidationError(
                {"year": _("Only completed years can be published, so that figures never change after publishing.")}
            )

    def year_is_complete(self) -> bool:
        return bool(self.year) and self.year < timezone.localdate().year

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A published figure counts every case of the year: suppression, not scope, protects the people.
        context["statistics"] = (
            statistics.year_statistics(self.year, cases=Case.objects.all()) if self.year_is_complete() else None
        )
        return context
