"""Demo content: an activity calendar with about 15 activities over the coming two months in every area.

Dates are relative to the Monday of the current week, so loading twice in a week changes nothing.
Includes a weekly homework café (with one moved occurrence), a monthly afternoon where the youth club
meets the elderly, a summer party, a cancelled activity and a cancelled single occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from community import services
from community.choices import ActivityStatus, ExceptionAction, Recurrence, TargetGroupCode, Theme
from community.models import ActivityPage, CalendarPage, OccurrenceException, TargetGroup
from community.recurrence import localize
from estates.models import HousingArea

T = TargetGroupCode
CALENDAR_SLUG = "aktiviteter"
CALENDAR_INTRO = (
    "<p>Aktiviteter, der bringer naboer sammen på tværs af alder og baggrund. Alle er velkomne. "
    "Vælg dit boligområde eller hvem du er, og abonnér på kalenderen på din telefon.</p>"
)
BEBOERHUSET = ("Beboerhuset", "Nordparken 12, 8000 Aarhus C", "56.171200", "10.188100")
GAARDEN = ("Den store gård", "Søndergården 1, 8000 Aarhus C", None, None)
VESTERVANG_SAL = ("Fælleslokalet i Vestervang", "Vestervang 4, 8000 Aarhus C", None, None)
KLUBBEN = ("Ungdomsklubben", "Søndergården 20, 8000 Aarhus C", None, None)
STEP_FREE = "Der er niveaufri adgang og handicaptoilet. Sig til, hvis du har brug for hjælp til at komme frem."


def activities(monday: date) -> list[dict]:
    """The demo activities; `day` is days after this week's Monday (negative: before it)."""
    return [
        {
            "slug": "lektiecafe",
            "title": "Lektiecafé",
            "intro": "Frivillige hjælper med lektier, stile og projekter. Der er frugt og saft.",
            "short_summary": "Børn og unge får hjælp til lektier. Det er gratis. Du skal ikke melde dig til.",
            "day": -27,
            "start": (16, 0),
            "end": (18, 0),
            "recurrence": Recurrence.WEEKLY,
            "until": 60,
            "areas": ["nordparken"],
            "groups": [T.CHILDREN, T.YOUTH],
            "theme": Theme.LEARNING,
            "place": BEBOERHUSET,
            "organiser": "Det boligsociale team og frivillige fra gymnasiet",
            "exceptions": [
                (15, ExceptionAction.MOVED, (16, 16, 0), "Flyttet til onsdag på grund af skolernes temadag."),
            ],
            "attendance": [(-27, 6, 4, 0, 0, 2), (-20, 8, 3, 0, 0, 1), (-13, 7, 5, 0, 0, 0)],
        },
        {
            "slug": "ungdomsklubben-moeder-de-aeldre",
            "title": "Ungdomsklubben møder områdets ældre",
            "intro": "Unge fra klubben og ældre naboer spiller kort, bager og fortæller historier. "
            "En eftermiddag om måneden, hvor generationerne lærer hinanden at kende.",
            "day": 10,
            "start": (14, 0),
            "end": (16, 0),
            "recurrence": Recurrence.MONTHLY_WEEKDAY,
            "until": 120,
            "areas": ["soendergaarden"],
            "groups": [T.YOUTH, T.ELDERLY],
            "theme": Theme.NEIGHBOURLINESS,
            "place": KLUBBEN,
            "organiser": "Ungdomsklubben og Ældresagen",
            "accessibility": STEP_FREE,
        },
        {
            "slug": "sommerfest",
            "title": "Sommerfest i gården",
            "intro": "Musik, grill, hoppeborg og loppebod. Tag naboen med – fra fredag aften til lørdag aften.",
            "day": 39,
            "start": (17, 0),
            "end_day": 40,
            "end": (22, 0),
            "areas": ["soendergaarden", "nordparken", "vestervang"],
            "groups": [T.ALL_RESIDENTS],
            "theme": Theme.CELEBRATION,
            "place": GAARDEN,
            "organiser": "Afdelingsbestyrelsen",
            "price": "Gratis – maden koster 20 kr.",
        },
        {
            "slug": "faellesspisning",
            "short_summary": "Vi laver mad og spiser sammen. Alle er velkomne. "
            "Meld dig til, så vi ved, hvor mange vi er.",
            "title": "Fællesspisning",
            "intro": "Vi laver mad sammen og spiser ved lange borde. Kom alene eller med hele familien.",
            "day": 2,
            "start": (17, 30),
            "end": (19, 30),
            "recurrence": Recurrence.EVERY_OTHER_WEEK,
            "until": 60,
            "areas": ["vestervang"],
            "groups": [T.ALL_RESIDENTS],
            "theme": Theme.FOOD,
            "place": VESTERVANG_SAL,
            "organiser": "Madklubben i Vestervang",
            "price": "25 kr. for voksne, børn spiser gratis",
            "registration": {"email": "madklub@beboer.example", "capacity": 40},
            "exceptions": [(30, ExceptionAction.CANCELLED, None, "Aflyst, mens køkkenet bliver renoveret.")],
        },
        {
            "slug": "kaffe-og-strik",
            "short_summary": "Vi drikker kaffe og strikker sammen. Du kan lære at strikke her.",
            "title": "Kaffe og strik",
            "intro": "Hyggeligt samvær med kaffe, kage og strikkepinde. Begyndere er velkomne.",
            "day": 3,
            "start": (10, 0),
            "end": (12, 0),
            "recurrence": Recurrence.WEEKLY,
            "until": 59,
            "areas": ["nordparken"],
            "groups": [T.ELDERLY, T.ADULTS],
            "theme": Theme.CULTURE,
            "place": BEBOERHUSET,
            "organiser": "Frivillige i Nordparken",
            "accessibility": STEP_FREE,
        },
        {
            "slug": "fodbold-for-unge",
            "title": "Fodbold for unge",
            "intro": "Træning og kampe på multibanen. Trænerne fra den lokale klub er med.",
            "day": 7,
            "start": (18, 0),
            "end": (20, 0),
            "recurrence": Recurrence.WEEKLY,
            "until": 63,
            "areas": ["soendergaarden"],
            "groups": [T.YOUTH],
            "theme": Theme.SPORT,
            "place": ("Multibanen", "Søndergården, ved legepladsen", None, None),
            "organiser": "Boldklubben og Det boligsociale team",
        },
        {
            "slug": "familiedag-paa-legepladsen",
            "title": "Familiedag på legepladsen",
            "intro": "Lege, snobrød og kaffe til de voksne. Mød de andre familier i området.",
            "day": 12,
            "start": (11, 0),
            "end": (14, 0),
            "areas": ["soendergaarden"],
            "groups": [T.FAMILIES, T.CHILDREN],
            "theme": Theme.NEIGHBOURLINESS,
            "place": GAARDEN,
            "organiser": "Afdelingsbestyrelsen",
        },
        {
            "slug": "juleklip-boern-og-bedsteforaeldre",
            "title": "Juleklip for børn og bedsteforældre",
            "intro": "Vi klipper julehjerter og pynter træet. Børn tager en voksen med – gerne en bedsteforælder.",
            "day": 20,
            "start": (13, 0),
            "end": (16, 0),
            "areas": ["vestervang"],
            "groups": [T.CHILDREN, T.ELDERLY],
            "theme": Theme.CELEBRATION,
            "place": VESTERVANG_SAL,
            "organiser": "Det boligsociale team",
        },
        {
            "slug": "velkomstgaatur",
            "short_summary": "Er du ny her? Vi går en tur og viser dig området. Du møder dine naboer.",
            "title": "Velkomstgåtur for nye naboer",
            "intro": "En tur rundt i området: vaskeriet, beboerhuset, legepladserne og genvejene. "
            "Vi slutter med kaffe.",
            "day": 16,
            "start": (16, 30),
            "end": (18, 0),
            "areas": [],
            "groups": [T.ALL_RESIDENTS],
            "theme": Theme.NEIGHBOURLINESS,
            "place": ("Foran beboerhuset", "Nordparken 12, 8000 Aarhus C", None, None),
            "organiser": "Det boligsociale team",
        },
        {
            "slug": "digital-hjaelp",
            "short_summary": "Få hjælp til din telefon, MitID og breve. Tag din telefon med. Det er gratis.",
            "title": "Digital hjælp: MitID, e-Boks og apps",
            "intro": "Få hjælp til telefonen, MitID og breve fra det offentlige. Tag din telefon og kode med.",
            "day": 1,
            "start": (13, 0),
            "end": (15, 0),
            "recurrence": Recurrence.EVERY_OTHER_WEEK,
            "until": 57,
            "areas": ["vestervang", "nordparken"],
            "groups": [T.ADULTS, T.ELDERLY],
            "theme": Theme.ADVICE,
            "place": BEBOERHUSET,
            "organiser": "Frivillige fra biblioteket",
        },
        {
            "slug": "filmaften-for-unge",
            "title": "Filmaften for unge",
            "intro": "Storskærm, popcorn og en film, I selv stemmer om.",
            "day": 25,
            "start": (19, 0),
            "end": (22, 0),
            "areas": ["soendergaarden"],
            "groups": [T.YOUTH],
            "theme": Theme.CULTURE,
            "place": KLUBBEN,
            "organiser": "Ungdomsklubben",
        },
        {
            "slug": "loppemarked",
            "title": "Loppemarked i hele området",
            "intro": "Sælg det, du ikke bruger, og gør et godt køb hos naboen. Stadepladsen er gratis.",
            "day": 33,
            "all_day": True,
            "start": (0, 0),
            "end": (0, 0),
            "areas": [],
            "groups": [T.ALL_RESIDENTS],
            "theme": Theme.NEIGHBOURLINESS,
            "place": GAARDEN,
            "organiser": "Afdelingsbestyrelsen",
            "registration": {"url": "https://beboer.example/loppemarked", "capacity": 60},
        },
        {
            "slug": "banko",
            "title": "Banko i beboerhuset",
            "intro": "Banko med gevinster fra de lokale butikker.",
            "day": 18,
            "start": (19, 0),
            "end": (21, 0),
            "areas": ["nordparken"],
            "groups": [T.ADULTS, T.ELDERLY],
            "theme": Theme.FOOD,
            "place": BEBOERHUSET,
            "organiser": "Bankoklubben",
            "price": "10 kr. pr. plade",
            "status": ActivityStatus.CANCELLED,
            "cancellation_note": "Aflyst, fordi for få havde meldt sig. Vi prøver igen i foråret.",
        },
        {
            "slug": "madklub-for-familier",
            "title": "Madklub for familier",
            "intro": "Børn og forældre laver sund mad sammen med en kok. Vi spiser sammen bagefter.",
            "day": 24,
            "start": (16, 30),
            "end": (19, 0),
            "areas": ["vestervang"],
            "groups": [T.FAMILIES],
            "theme": Theme.FOOD,
            "place": VESTERVANG_SAL,
            "organiser": "Det boligsociale team",
            "registration": {"email": "kontakt@boligsocial.example", "capacity": 12},
        },
        {
            "slug": "motion-for-seniorer",
            "title": "Motion for seniorer",
            "intro": "Let træning på stol og gulv med en fysioterapeut. Alle kan være med.",
            "day": 4,
            "start": (10, 0),
            "end": (11, 0),
            "recurrence": Recurrence.WEEKLY,
            "until": 60,
            "areas": ["soendergaarden", "vestervang"],
            "groups": [T.ELDERLY],
            "theme": Theme.SPORT,
            "place": KLUBBEN,
            "organiser": "Kommunens aktivitetscenter",
            "accessibility": STEP_FREE,
        },
    ]


def _at(monday: date, day: int, clock: tuple[int, int]) -> datetime:
    return localize(datetime.combine(monday + timedelta(days=day), time(*clock)))


def _calendar(parent: Page) -> CalendarPage:
    calendar = CalendarPage.objects.child_of(parent).filter(slug=CALENDAR_SLUG).first()
    if calendar is None:
        calendar = parent.add_child(
            instance=CalendarPage(title="Aktiviteter", slug=CALENDAR_SLUG, intro=CALENDAR_INTRO)
        )
        calendar.save_revision().publish()
    elif not calendar.intro:  # made empty by `boligsocial_setup`: give the demo its introduction
        calendar.intro = CALENDAR_INTRO
        calendar.save_revision().publish()
    CalendarPage.objects.filter(pk=calendar.pk).update(show_in_menus=True)  # in the site's main menu
    return calendar


def _apply(page: ActivityPage, spec: dict, monday: date, *, areas, groups, staff) -> None:
    place_name, address, latitude, longitude = spec["place"]
    registration = spec.get("registration", {})
    page.title = spec["title"]
    page.intro = spec["intro"]
    page.short_summary = spec.get("short_summary", "")
    page.starts_at = _at(monday, spec["day"], spec["start"])
    page.ends_at = _at(monday, spec.get("end_day", spec["day"]), spec["end"])
    page.all_day = spec.get("all_day", False)
    page.recurrence = spec.get("recurrence", Recurrence.NONE)
    page.recurrence_until = monday + timedelta(days=spec["until"]) if "until" in spec else None
    page.status = spec.get("status", ActivityStatus.PLANNED)
    page.cancellation_note = spec.get("cancellation_note", "")
    page.place_name, page.place_address, page.latitude, page.longitude = place_name, address, latitude, longitude
    page.theme = spec["theme"]
    page.organiser = spec["organiser"]
    page.contact_name = "Sara Medarbejder"
    page.contact_email = "kontakt@boligsocial.example"
    page.contact_phone = "70 20 30 40"
    page.responsible_staff = staff
    page.accessibility = spec.get("accessibility", "")
    page.price = spec.get("price", "")
    page.registration_required = bool(registration)
    page.registration_email = registration.get("email", "")
    page.registration_url = registration.get("url", "")
    page.capacity = registration.get("capacity")
    page.areas = [areas[slug] for slug in spec["areas"] if slug in areas]
    page.target_groups = [groups[code] for code in spec["groups"]]
    page.occurrence_exceptions = [
        OccurrenceException(
            occurrence_date=monday + timedelta(days=day),
            action=action,
            new_starts_at=_at(monday, moved[0], moved[1:]) if moved else None,
            note=note,
        )
        for day, action, moved, note in spec.get("exceptions", [])
    ]


def default_parent() -> Page | None:
    """The default Site's root page, or else the first page below Wagtail's root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    return Page.objects.filter(depth=2).order_by("path").first()


def load(*, stdout, parent: Page | None = None) -> None:
    """Create (or bring up to date) the demo calendar under `parent`, the default Site's root page if None."""
    parent = parent or default_parent()
    if parent is None:
        stdout.write("No site root page: the activity calendar was not created")
        return
    calendar = _calendar(parent)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    areas = {area.slug: area for area in HousingArea.objects.all()}
    groups = {group.code: group for group in TargetGroup.objects.all()}
    staff = get_user_model().objects.filter(username="medarbejder").first()
    for spec in activities(monday):
        page = ActivityPage.objects.child_of(calendar).filter(slug=spec["slug"]).first()
        new = page is None
        page = page or ActivityPage(slug=spec["slug"])
        _apply(page, spec, monday, areas=areas, groups=groups, staff=staff)
        if new:
            calendar.add_child(instance=page)
        page.save_revision(user=staff).publish()
        for day, children, youth, adults, elderly, new_participants in spec.get("attendance", []):
            services.attendance_record(
                activity=page,
                occurrence_date=monday + timedelta(days=day),
                children=children,
                youth=youth,
                adults=adults,
                elderly=elderly,
                new_participants=new_participants,
                recorded_by=staff,
            )
    stdout.write(f"Activity calendar: {calendar.url} with {len(activities(monday))} activities")
