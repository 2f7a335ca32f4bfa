"""The host site's own pages at scale: the home page, a housing area's page and site search."""

from django.core.management import call_command
from wagtail.models import Page

from estates.models import HousingArea
from home.models import HomePage

AREAS = 12
PAGES = 300
FEW_PAGES = 30  # the same search at a tenth of the results: how its cost grows


def seed() -> None:
    for n in range(1, AREAS + 1):
        HousingArea.objects.create(name=f"Område {n}", slug=f"omraade-{n}", description="Rækkehuse og højhuse.")
    home = HomePage.objects.get()
    for n in range(1, PAGES + 1):
        home.add_child(instance=Page(title=f"Nyt om tryghed i område {n % AREAS + 1}, del {n}", slug=f"nyhed-{n}"))
    for n in range(1, FEW_PAGES + 1):
        home.add_child(instance=Page(title=f"Sikkerhed i opgangen, del {n}", slug=f"sikkerhed-{n}"))
    call_command("update_index", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def targets() -> list[tuple[str, str, str | None]]:
    return [
        ("Home page", "/da/", None),
        ("Housing area page", "/da/omraade/omraade-1/", None),
        (
            "Search, page 1 of the results",
            "/da/search/?q=sikkerhed",
            None,
            {"larger": "/da/search/?q=tryghed", "sizes": f"{FEW_PAGES} → {PAGES} results"},
        ),
        ("Search, no results", "/da/search/?q=findesikke", None),
    ]
