"""Demo content for everything a resident, a partner and staff meet in safety walks (#13).

Two walks held (about 25 findings in every status, positions on the map, photos before and after, public and
internal notes, responsibilities past their deadline), one of them past its follow-up meeting with a status
that changed after it; one walk that lies ahead (an invitation) with its follow-up meeting planned; a planned
follow-up meeting in the calendar. Photos are drawn with Pillow, some with the GPS position a phone writes,
and stored through estates.photos.photo_store, which strips it.
"""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Page

from estates.install import default_parent
from estates.models import HousingArea, Organisation
from estates.photos import photo_store
from safety_walks import demo_translations as category_translations
from safety_walks import follow_up, services
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
    ("Fliser vipper på stien", "Vedligeholdelse", "Hovedstien", [(DRIFT, R, 200)], "", True),
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

# Where the walks went: a plausible estate in Aarhus N, one in the south of the city, one by the station.
CENTRES = {
    "nordparken": (Decimal("56.172050"), Decimal("10.188410")),
    "soendergaarden": (Decimal("56.139020"), Decimal("10.183260")),
    "vestervang": (Decimal("56.156310"), Decimal("10.150240")),
}
# A finding's position: steps of about 40 m north and 35 m east of the centre, in a loose ring.
RING = [
    (0, 0),
    (2, 1),
    (3, -1),
    (1, -3),
    (-1, -4),
    (-3, -2),
    (-4, 1),
    (-2, 3),
    (1, 4),
    (4, 3),
    (5, 0),
    (3, -4),
    (-5, -1),
]

# Photos of findings ("before"): scene, whether the phone wrote its GPS position, the text for screen readers.
BEFORE_PHOTOS = {
    "Gadelampe slukket ved legepladsen": ("lamp_off", True, "Stien ved legepladsen i mørke; lampen er slukket."),
    "Mørk sti bag nr. 14": ("lamp_off", True, "Den mørke sti bag Nordparken 14 om aftenen."),
    "Høje buske skjuler indgangen": ("bushes", False, "Høje buske foran indgangen til opgang 8."),
    "Hul i hegnet ved boldbanen": ("fence_hole", True, "Et hul i hegnet ved boldbanen."),
    "Graffiti på gavlen": ("graffiti", False, "Graffiti på gavlen af blok 2."),
    "Fliser vipper på stien": ("tiles", True, "Løse fliser på hovedstien."),
    "Lys i gården slukker for tidligt": ("lamp_off", False, "Gården er mørk kl. 22."),
    "Storskrald på fortovet": ("trash", True, "Storskrald på fortovet ved blok C."),
}
# Photos residents see on an update ("after"): scene and text.
AFTER_PHOTOS = {
    "Gadelampe slukket ved legepladsen": ("lamp_on", "Den nye lampe lyser stien op."),
    "Høje buske skjuler indgangen": ("bushes_cut", "Buskene er klippet ned, og indgangen kan ses."),
    "Hul i hegnet ved boldbanen": ("fence", "Hegnet ved boldbanen er helt igen."),
    "Storskrald på fortovet": ("pavement", "Fortovet ved blok C er ryddet."),
}
# Notes only staff and the responsible partners read.
INTERNAL_NOTES = {
    "Salg af hash ved kælderindgang": "Politiet har kælderen med i patruljeplanen; driften sætter ny lås på døren.",
    "Biler kører for stærkt på Parkvej": "Kommunen vil se en trafiktælling fra marts, før der besluttes vejbump.",
    "Unge samles om aftenen ved butikkerne": "Klubben har talt med tre af de unge; de vil gerne have et sted inde.",
    "Uro i kælderen om natten": "Driften har set spor af indbrud i to kælderrum; politiet er orienteret.",
}
# Resolved after the follow-up meeting: the walk page shows its status then ("Ikke startet") beside today's.
AFTER_FOLLOW_UP = ("Fliser vipper på stien", "Fliserne er lagt om, og stien er jævn igen.", "tiles_fixed")

TUESDAY, WEDNESDAY = 1, 2

VESTERVANG_ROUTE = (
    "Fra stationens cykelparkering langs de lave blokke, gennem tunnelen under banen, ad stien til skolen "
    "og tilbage forbi legepladsen."
)


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
    categories = {category.name: category for category in FindingCategory.objects.in_default_locale()}
    category_translations.load(stdout=stdout)
    today = timezone.localdate()

    nordparken = _walk(
        index,
        area_slug="nordparken",
        title="Tryghedsvandring i Nordparken",
        slug="tryghedsvandring-nordparken",
        walk_date=today - timedelta(days=215),
        resident_count=14,
        organisations=[organisations[name] for name in (DRIFT, KOMMUNE, POLITI, TEAM)],
        short_summary="Vi gik en tur i Nordparken om aftenen. Vi fandt steder, hvor man føler sig utryg. "
        "Her kan du se, hvem der skal ordne dem, og hvor langt de er.",
    )
    soendergaarden = _walk(
        index,
        area_slug="soendergaarden",
        title="Tryghedsvandring i Søndergården",
        slug="tryghedsvandring-soendergaarden",
        walk_date=today - timedelta(days=40),
        resident_count=9,
        organisations=[organisations[name] for name in (DRIFT, KOMMUNE, POLITI)],
        short_summary="Vi gik en tur i Søndergården om aftenen. Vi skrev ned, hvad der skal laves. "
        "Her kan du følge med i arbejdet.",
    )
    staff = get_user_model().objects.filter(username="medarbejder").first()
    for walk, rows, area in (
        (nordparken, NORDPARKEN, "nordparken"),
        (soendergaarden, SOENDERGAARDEN, "soendergaarden"),
    ):
        for number, row in enumerate(rows):
            _finding(walk, row, organisations, categories, position=_position(area, number), staff=staff)

    if not FollowUpMeeting.objects.filter(walk=nordparken).exists():
        _follow_up_then_a_change(nordparken, staff=staff)
    if not FollowUpMeeting.objects.filter(walk=soendergaarden).exists():
        follow_up.follow_up_meeting_plan(
            walk=soendergaarden,
            planned_on=_next(WEDNESDAY, today + timedelta(days=14)),
            starts_at=time(17),
            ends_at=time(19),
            place="beboerhuset i Søndergården, Sønderallé 21",
            user=staff,
        )

    vestervang = _walk(
        index,
        area_slug="vestervang",
        title="Tryghedsvandring i Vestervang",
        slug="tryghedsvandring-vestervang",
        walk_date=_next(TUESDAY, today + timedelta(days=28)),
        resident_count=0,
        organisations=[organisations[name] for name in (DRIFT, KOMMUNE, POLITI, TEAM)],
        short_summary="Vi går en tur i Vestervang, når det er mørkt. Vi ser efter steder, hvor man føler sig "
        "utryg. Alle må være med. Du skal ikke betale.",
        meeting_point="Ved cykelparkeringen foran stationen",
        route_description=VESTERVANG_ROUTE,
        walk_ends_at=time(19),
        sign_up_contact="Sara fra det boligsociale team, 21 43 65 87",
        accessibility_note=(
            "Ruten er uden trapper og kan gås med rollator og barnevogn. Vi går langsomt og holder pause ved "
            "legepladsen. Tag gerne en lommelygte med."
        ),
        summary="<p>Vi går en tirsdag aften, når det er mørkt. Der er kaffe og kage i beboerhuset bagefter.</p>",
    )
    if not FollowUpMeeting.objects.filter(walk=vestervang).exists():
        follow_up.follow_up_meeting_plan(
            walk=vestervang,
            planned_on=_next(WEDNESDAY, vestervang.follow_up_date),
            starts_at=time(17),
            ends_at=time(18, 30),
            place="beboerhuset, Vestervang 4",
            user=staff,
        )

    meeting, _ = ThemeMeeting.objects.update_or_create(
        title="Unge og ældre ved butikstorvet",
        defaults={
            "problem": "Unge samles ved butikkerne om aftenen, og flere ældre føler sig utrygge.",
            "starts_at": timezone.make_aware(datetime.combine(today + timedelta(days=12), datetime.min.time()))
            + timedelta(hours=17),
            "ends_at": time(19),
            "place": "Beboerhuset, Nordparken 12",
            "is_public": True,
        },
    )
    meeting.walks.set([nordparken])
    meeting.findings.set(Finding.objects.filter(walk=nordparken, title__startswith="Unge samles"))
    stdout.write(f"Tryghedsvandringer: {Finding.objects.count()} fund på {WalkPage.objects.count()} vandringer")


def _next(weekday: int, day: date) -> date:
    """The first `weekday` (Monday is 0) on or after `day`: walks and meetings are on weekday evenings."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _position(area: str, number: int) -> tuple[Decimal, Decimal]:
    latitude, longitude = CENTRES[area]
    north, east = RING[number % len(RING)]
    return latitude + Decimal("0.00036") * north, longitude + Decimal("0.00056") * east


def _follow_up_then_a_change(walk, *, staff) -> None:
    """Hold the follow-up meeting while one finding was not started; it is resolved afterwards."""
    title, note, scene = AFTER_FOLLOW_UP
    finding = Finding.objects.get(walk=walk, title=title)
    finding.responsibilities.update(status=ResponsibilityStatus.PLACED)
    services.finding_derive_status(finding=finding)
    held_on = walk.follow_up_date - timedelta(days=10)
    follow_up.follow_up_meeting_record(
        walk=walk,
        held_on=held_on,
        summary="Ti af punkterne blev gennemgået med driften, kommunen og politiet.",
        user=staff,
    )
    responsibility = finding.responsibilities.first()
    responsibility.status = ResponsibilityStatus.RESOLVED
    responsibility.save(update_fields=["status"])
    FindingUpdate.objects.create(
        finding=finding,
        responsibility=responsibility,
        organisation=responsibility.organisation,
        author=staff,
        public_note=note,
        new_status=ResponsibilityStatus.RESOLVED,
        photo=_photo(scene, gps=True, alt_text="Den nye flisebelægning på hovedstien.", staff=staff),
        photo_public=True,
        created_at=timezone.make_aware(datetime.combine(held_on + timedelta(days=8), time(10, 30))),
    )
    services.finding_derive_status(finding=finding)


def _walk(index, *, area_slug, title, slug, walk_date, resident_count, organisations, **fields) -> WalkPage:
    walk = WalkPage.objects.filter(slug=slug).first()
    when = timezone.make_aware(datetime.combine(walk_date, datetime.min.time())) + timedelta(hours=17)
    if walk is None:
        fields.setdefault("meeting_point", "Foran beboerhuset")
        fields.setdefault(
            "route_description", "Rundt om blokkene, forbi legepladsen, gennem tunnelen og tilbage ad hovedstien."
        )
        fields.setdefault(
            "summary", "<p>Beboere, driften, kommunen og politiet gik sammen en tirsdag aften i mørke.</p>"
        )
        fields.setdefault("walk_ends_at", time(19))
        walk = WalkPage(title=title, slug=slug, walk_date=when, resident_count=resident_count, **fields)
        walk.areas = list(HousingArea.objects.filter(slug=area_slug))
        walk.participating_organisations = organisations
        index.add_child(instance=walk)
        walk.save_revision().publish()
    return walk


def _finding(walk, row, organisations, categories, *, position, staff) -> None:
    title, category, location, responsibilities, note, is_public = row
    reason = CANNOT_BE_RESOLVED_REASONS.get(title, "")
    latitude, longitude = position
    finding, _ = Finding.objects.update_or_create(
        walk=walk,
        title=title,
        defaults={
            "category": categories[category],
            "location": location,
            "latitude": latitude,
            "longitude": longitude,
            "is_public": is_public,
            "status_reason": reason,
        },
    )
    if finding.photo_id is None and title in BEFORE_PHOTOS:
        scene, gps, alt_text = BEFORE_PHOTOS[title]
        finding.photo = _photo(scene, gps=gps, alt_text=alt_text, staff=staff)
        finding.save(update_fields=["photo"])
    walk_day = timezone.localdate(walk.walk_date)
    for organisation_name, status, days in responsibilities:
        Responsibility.objects.update_or_create(
            finding=finding,
            organisation=organisations[organisation_name],
            defaults={"status": status, "deadline": walk_day + timedelta(days=days), "task": ""},
        )
    internal_note = INTERNAL_NOTES.get(title, "")
    if (note or internal_note) and not FindingUpdate.objects.filter(finding=finding).exists():
        first = finding.responsibilities.first()
        after = AFTER_PHOTOS.get(title)
        FindingUpdate.objects.create(
            finding=finding,
            responsibility=first,
            organisation=first.organisation if first else None,
            author=staff,
            public_note=note,
            internal_note=internal_note,
            new_status=first.status if first else "",
            photo=_photo(after[0], gps=False, alt_text=after[1], staff=staff) if after else None,
            photo_public=after is not None,
            created_at=timezone.make_aware(datetime.combine(walk_day + timedelta(days=12), time(9, 15))),
        )
    services.finding_derive_status(finding=finding)


def _photo(scene: str, *, gps: bool, alt_text: str, staff):
    """A drawn photo stored as an upload is: photo_store removes the GPS position the 'phone' wrote."""
    upload = SimpleUploadedFile(f"IMG_{scene}.jpg", _scene_jpeg(scene, gps=gps), "image/jpeg")
    return photo_store(upload=upload, uploaded_by=staff, alt_text=alt_text)


def _scene_jpeg(scene: str, *, gps: bool) -> bytes:
    """A simple evening scene of an estate: blocks, a path, and what the finding is about."""
    night = scene in {"lamp_off", "graffiti", "tiles"}
    image = Image.new("RGB", (800, 533), (24, 32, 58) if night else (150, 196, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 800, 533), fill=(52, 70, 48) if night else (96, 150, 80))  # grass
    for left in (40, 300, 560):  # blocks with windows
        draw.rectangle((left, 120, left + 200, 330), fill=(120, 96, 84) if night else (178, 140, 118))
        for row in range(4):
            for column in range(4):
                lit = night and (row + column + left) % 3 == 0
                x, y = left + 20 + column * 45, 140 + row * 45
                draw.rectangle((x, y, x + 25, y + 28), fill=(250, 214, 110) if lit else (70, 80, 96))
    draw.polygon([(330, 533), (470, 533), (430, 330), (370, 330)], fill=(150, 150, 150))  # path
    if scene in {"lamp_off", "lamp_on"}:
        draw.rectangle((500, 200, 508, 400), fill=(60, 60, 60))
        draw.ellipse((486, 180, 522, 210), fill=(255, 240, 160) if scene == "lamp_on" else (50, 50, 50))
        if scene == "lamp_on":
            draw.polygon([(504, 210), (420, 533), (600, 533)], fill=(210, 200, 150))
    elif scene in {"bushes", "bushes_cut"}:
        height = 170 if scene == "bushes" else 60
        for x in range(250, 560, 60):
            draw.ellipse((x, 330 - height, x + 90, 350), fill=(34, 102, 40))
    elif scene in {"fence_hole", "fence"}:
        for x in range(0, 800, 24):
            if scene == "fence" or not 360 <= x <= 460:
                draw.line((x, 300, x, 420), fill=(180, 180, 180), width=3)
        draw.line((0, 300, 800, 300), fill=(180, 180, 180), width=3)
    elif scene == "graffiti":
        draw.line((60, 200, 220, 260), fill=(230, 40, 160), width=9)
        draw.arc((80, 150, 200, 300), 0, 270, fill=(60, 220, 230), width=8)
    elif scene in {"tiles", "tiles_fixed"}:
        for y in range(350, 533, 30):
            offset = 8 if scene == "tiles" and y % 60 == 20 else 0
            draw.line((350 - offset, y, 450 + offset, y + offset), fill=(90, 90, 90), width=2)
    elif scene == "trash":
        for x in (300, 380, 440):
            draw.rectangle((x, 380, x + 60, 440), fill=(120, 84, 50))
        draw.ellipse((520, 400, 600, 450), fill=(70, 70, 70))
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"  # Make, Model
    if gps:
        exif[0x8825] = {1: "N", 2: (56.0, 10.0, 19.4), 3: "E", 4: (10.0, 11.0, 18.3)}
    image.save(buffer, "JPEG", quality=82, exif=exif.tobytes())
    return buffer.getvalue()
