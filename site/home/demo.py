"""Demo content of the host site: the Wagtail site, its home page and the team's contact details."""

from wagtail.models import Page, Site

from home.models import HomePage, TeamContact

INTRO = (
    "<p>Her kan du følge med i, hvad vi gør for tryghed, godt naboskab og fællesskab i vores "
    "boligområder: resultater fra tryghedsvandringer og kommende aktiviteter for alle beboere.</p>"
)


def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own migration leaves a placeholder "Welcome" page at the top; replace it.
        for placeholder in root.get_children().exact_type(Page):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="Velkommen til det boligsociale team", slug="forside", intro=INTRO)
        )
        stdout.write("Created the home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Boligsocialt team"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    TeamContact.objects.update_or_create(
        site=site,
        defaults={
            "team_name": "Det boligsociale team",
            "phone": "70 20 30 40",
            "email": "kontakt@boligsocial.example",
            "address": "Beboerhuset, Nordparken 12, 8000 Aarhus C",
            "opening_hours": "Man–tors 10–15, fre 10–13",
        },
    )
