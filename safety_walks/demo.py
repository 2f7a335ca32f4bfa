"""Demo content: two safety walks with about 25 findings in every status, one past its follow-up meeting."""

from datetime import datetime, timedelta

from django.utils import timezone
from wagtail.models import Page

from estates.install import default_parent
from estates.models import HousingArea, Organisation
from safety_walks import services
from safety_walks.models import (
    Finding,
    FindingCategory,
    FindingUpdate,
    FollowUpMeeting,
    Responsibility,
    ThemeMeeting,
    WalkIndexPage,
    WalkPage,
)
from safety_walks.statuses import ResponsibilityStatus

DRIFT = "Boligselskabets drift"
KOMMUNE = "Kommunen, Teknik og Miljø"
POLITI = "Østjyllands Politi, lokalpolitiet"
TEAM = "Det boligsociale team"
BESTYRELSE = "Afdelingsbestyrelsen"

P, IP, R, X = (
    ResponsibilityStatus.PLACED,
    ResponsibilityStatus.IN_PROGRESS,
    ResponsibilityStatus.RESOLVED,
    ResponsibilityStatus.CANNOT_BE_RESOLVED,
)

# title, category, location, [(organisation, status, deadline in days after the walk)], public note, is_public
NORDPARKEN = [
    (
        "Gadelampe slukket ved legepladsen",
        "Belysning",
        "Stien mellem blok 3 og legepladsen",
        [(KOMMUNE, R, 30)],
        "Lampen er skiftet, og stien er oplyst igen.",
        True,
    ),
    (
        "Mørk sti bag nr. 14",
        "Belysning",
        "Stien bag Nordparken 14",
        [(KOMMUNE, IP, 120), (DRIFT, R, 30)],
        "Driften har klippet buskene; kommunen sætter to nye lamper op i foråret.",
        True,
    ),
    (
        "Høje buske skjuler indgangen",
        "Beplantning og udsyn",
        "Opgang 8",
        [(DRIFT, R, 21)],
        "Buskene er klippet ned til en meter.",
        True,
    ),
    (
        "Hjørne ved cykelskuret bruges som toilet",
        "Skjulte hjørner",
        "Cykelskur ved blok 5",
        [(DRIFT, IP, 60)],
        "Driften sætter lys og et nyt hegn op.",
        True,
    ),
    (
        "Overfyldte affaldsøer",
        "Affald",
        "Affaldsø ved parkeringspladsen",
        [(DRIFT, R, 14)],
        "Der tømmes nu to gange om ugen.",
        True,
    ),
    ("Graffiti på gavlen", "Graffiti og hærværk", "Gavlen på blok 2", [(DRIFT, R, 30)], "", True),
    (
        "Knust glas i tunnelen",
        "Graffiti og hærværk",
        "Tunnelen under vejen",
        [(KOMMUNE, X, 60)],
        "Tunnelen ejes af Vejdirektoratet; kommunen har sendt sagen videre.",
        True,
    ),
    ("Fliser vipper på stien", "Vedligeholdelse", "Hovedstien", [(DRIFT, P, 200)], "", True),
    (
        "Biler kører for stærkt på Parkvej",
        "Trafik og stier",
        "Parkvej ved børnehaven",
        [(KOMMUNE, IP, 150), (POLITI, IP, 90)],
        "Politiet har lavet fartkontrol to gange.",
        True,
    ),
    (
        "Unge samles om aftenen ved butikkerne",
        "Samlingssteder og adfærd",
        "Butikstorvet",
        [(TEAM, IP, 90), (POLITI, IP, 90)],
        "Klubben holder åbent til kl. 22 om fredagen.",
        True,
    ),
    (
        "Salg af hash ved kælderindgang",
        "Samlingssteder og adfærd",
        "Kælderen under blok 4",
        [(POLITI, IP, 30)],
        "",
        False,
    ),
    ("Manglende skiltning til beboerhuset", "Andet", "Indgangen fra Parkvej", [], "", True),
    ("Hul i hegnet ved boldbanen", "Vedligeholdelse", "Boldbanen", [(DRIFT, R, 30)], "Hegnet er repareret.", True),
]

CANNOT_BE_RESOLVED_REASONS = {
    "Knust glas i tunnelen": "Tunnelen ejes af Vejdirektoratet, ikke af kommunen eller boligselskabet.",
}

SOENDERGAARDEN = [
    (
        "Lys i gården slukker for tidligt",
        "Belysning",
        "Den store gård",
        [(DRIFT, IP, 30)],
        "Driften justerer tænd- og sluktider.",
        True,
    ),
    ("Lampe ved busstoppestedet mangler", "Belysning", "Busstoppestedet på Sønderallé", [(KOMMUNE, P, 90)], "", True),
    ("Tæt hæk ved legepladsen", "Beplantning og udsyn", "Legepladsen", [(DRIFT, P, 20)], "", True),
    ("Mørk trappeopgang", "Skjulte hjørner", "Opgang 21", [(DRIFT, IP, 14)], "Nye sensorlamper er bestilt.", True),
    ("Storskrald på fortovet", "Affald", "Ved blok C", [(DRIFT, R, 7)], "Storskraldet er hentet.", True),
    ("Ødelagt dørtelefon", "Vedligeholdelse", "Opgang 17", [(DRIFT, P, 10)], "", True),
    ("Knallerter på gangstien", "Trafik og stier", "Stien til skolen", [(POLITI, P, 45), (KOMMUNE, P, 60)], "", True),
    (
        "Uro i kælderen om natten",
        "Samlingssteder og adfærd",
        "Kælderen under blok B",
        [(POLITI, IP, 30), (DRIFT, P, 30)],
        "",
        True,
    ),
    ("Grafitti på skuret", "Graffiti og hærværk", "Redskabsskuret", [], "", True),
    (
        "Ingen bænke ved søen",
        "Andet",
        "Stien om søen",
        [(TEAM, P, 120), (BESTYRELSE, IP, 60)],
        "Bestyrelsen har søgt penge til to bænke.",
        True,
    ),
    ("Parkerede biler spærrer for brandvejen", "Trafik og stier", "Brandvejen ved blok A", [(DRIFT, P, 30)], "", True),
    ("Ønske om lys på fodboldbanen", "Belysning", "Fodboldbanen", [], "", True),
]


def load(*, stdout, parent: Page | None = None) -> None:
    """Idempotent: the walk index under `parent` (default: the default Site's home page) and its walks."""
    parent = parent or default_parent()
    index = WalkIndexPage.objects.child_of(parent).first()
    if index is None:
        index = parent.add_child(
            instance=WalkIndexPage(
                title="Tryghedsvandringer",
                slug="tryghedsvandringer",
                intro="<p>Her kan du se, hvad vi fandt på tryghedsvandringerne, og hvor langt vi er nået.</p>",
            )
        )
    WalkIndexPage.objects.filter(pk=index.pk).update(show_in_menus=True)
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    categories = {category.name: category for category in FindingCategory.objects.all()}
    today = timezone.localdate()

    nordparken = _walk(
        index,
        area_slug="nordparken",
        title="Tryghedsvandring i Nordparken",
        slug="tryghedsvandring-nordparken",
        walk_date=today - timedelta(days=215),
        resident_count=14,
        organisations=[organisations[name] for name in (DRIFT, KOMMUNE, POLITI, TEAM)],
    )
    soendergaarden = _walk(
        index,
        area_slug="soendergaarden",
        title="Tryghedsvandring i Søndergården",
        slug="tryghedsvandring-soendergaarden",
        walk_date=today - timedelta(days=40),
        resident_count=9,
        organisations=[organisations[name] for name in (DRIFT, KOMMUNE, POLITI)],
    )
    for walk, rows in ((nordparken, NORDPARKEN), (soendergaarden, SOENDERGAARDEN)):
        for row in rows:
            _finding(walk, row, organisations, categories)

    if not FollowUpMeeting.objects.filter(walk=nordparken).exists():
        services.follow_up_meeting_record(
            walk=nordparken,
            held_on=nordparken.follow_up_date - timedelta(days=10),
            summary="Ti af punkterne blev gennemgået med driften, kommunen og politiet.",
        )
    meeting, _ = ThemeMeeting.objects.update_or_create(
        title="Unge og ældre ved butikstorvet",
        defaults={
            "problem": "Unge samles ved butikkerne om aftenen, og flere ældre føler sig utrygge.",
            "starts_at": timezone.make_aware(datetime.combine(today + timedelta(days=12), datetime.min.time()))
            + timedelta(hours=17),
            "place": "Beboerhuset, Nordparken 12",
            "is_public": True,
        },
    )
    meeting.walks.set([nordparken])
    meeting.findings.set(Finding.objects.filter(walk=nordparken, title__startswith="Unge samles"))
    stdout.write(f"Tryghedsvandringer: {Finding.objects.count()} fund på {WalkPage.objects.count()} vandringer")


def _walk(index, *, area_slug, title, slug, walk_date, resident_count, organisations) -> WalkPage:
    walk = WalkPage.objects.filter(slug=slug).first()
    when = timezone.make_aware(datetime.combine(walk_date, datetime.min.time())) + timedelta(hours=17)
    if walk is None:
        walk = WalkPage(
            title=title,
            slug=slug,
            walk_date=when,
            meeting_point="Foran beboerhuset",
            route_description="Rundt om blokkene, forbi legepladsen, gennem tunnelen og tilbage ad hovedstien.",
            resident_count=resident_count,
            summary="<p>Beboere, driften, kommunen og politiet gik sammen en tirsdag aften i mørke.</p>",
        )
        walk.areas = list(HousingArea.objects.filter(slug=area_slug))
        walk.participating_organisations = organisations
        index.add_child(instance=walk)
        walk.save_revision().publish()
    return walk


def _finding(walk, row, organisations, categories) -> None:
    title, category, location, responsibilities, note, is_public = row
    reason = CANNOT_BE_RESOLVED_REASONS.get(title, "")
    finding, _ = Finding.objects.update_or_create(
        walk=walk,
        title=title,
        defaults={
            "category": categories[category],
            "location": location,
            "is_public": is_public,
            "status_reason": reason,
        },
    )
    walk_day = timezone.localdate(walk.walk_date)
    for organisation_name, status, days in responsibilities:
        Responsibility.objects.update_or_create(
            finding=finding,
            organisation=organisations[organisation_name],
            defaults={"status": status, "deadline": walk_day + timedelta(days=days), "task": ""},
        )
    if note and not FindingUpdate.objects.filter(finding=finding, public_note=note).exists():
        first = finding.responsibilities.first()
        FindingUpdate.objects.create(
            finding=finding,
            responsibility=first,
            organisation=first.organisation if first else None,
            public_note=note,
            new_status=first.status if first else "",
        )
    services.finding_derive_status(finding=finding)
