"""The estate website's home page and the team's contact details shown in every footer."""

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from estates.models import HousingArea
from estates.sections import home_sections


class HomePage(RoutablePageMixin, Page):
    """The front page; `/omraade/<slug>/` shows the same page for one housing area."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, area=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["area"] = area
        context["sections"] = home_sections(request, area)
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("omraade/<slug:slug>/", name="area")
    def area(self, request, slug):
        area = get_object_or_404(HousingArea, slug=slug)
        return self.render(request, area=area)

    def get_cached_paths(self):
        """Wagtail's frontend cache purges the home page and each housing area's page with it."""
        slugs = HousingArea.objects.values_list("slug", flat=True)
        return ["/", *("/" + self.reverse_subpage("area", args=[slug]) for slug in slugs)]

    def area_url(self, area: HousingArea) -> str:
        return self.url + self.reverse_subpage("area", args=[area.slug])


@register_setting(icon="mail")
class TeamContact(BaseSiteSetting):
    """Contact details of the social-housing team, shown in the footer of every page."""

    team_name = models.CharField(_("team name"), max_length=120, default="Det boligsociale team")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("team_name"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact details of the social-housing team"),
        )
    ]

    class Meta:
        verbose_name = _("contact details")
