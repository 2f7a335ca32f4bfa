"""Demo content of the host site: the Wagtail site where `make run` serves it, its home page, the team's
contact details, the plugin's pages and rights (as `manage.py boligsocial_setup` makes them), and then
every plugin app's demo content under the home page."""

from wagtail.models import Page, Site

from estates.discovery import app_modules
from estates.install import install
from home import demo_translations
from home.models import HomePage, TeamContact

# Where `make run` serves: the Site's address is the front of the links in the API and calendar feeds.
DEMO_HOSTNAME, DEMO_PORT = "127.0.0.1", 8000

INTRO = (
    "<p>Her kan du følge med i, hvad vi gør for tryghed, godt naboskab og fællesskab i vores "
    "boligområder: resultater fra tryghedsvandringer og kommende aktiviteter for alle beboere.</p>"
)


def home_page(*, stdout) -> HomePage:
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
    return home


def demo_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = DEMO_HOSTNAME, DEMO_PORT, home, "Boligsocialt team"
    site.full_clean()
    site.save()
    return site


def load(*, stdout, parent=None) -> None:
    home = home_page(stdout=stdout)
    site = demo_site(home)
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
    install(parent=home)
    for demo in app_modules("demo"):
        if demo.__name__ != __name__:
            demo.load(stdout=stdout, parent=home)
    demo_translations.load(stdout=stdout)  # last: every locale gets an alias of each page the demos made
