"""Demo content for mediation: outreach workers and a few cases in different states. Every name is invented."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from estates.models import HousingArea
from mediation.models import (
    Agreement,
    Case,
    ConflictType,
    MediationStatisticsPage,
    Meeting,
    OutreachContact,
    Party,
    Referral,
)

CONTACTS = [
    ("Hanne Sørensen", OutreachContact.FieldOfWork.MENTAL_HEALTH, "Socialpsykiatrien, opsøgende team"),
    ("Kasper Lund", OutreachContact.FieldOfWork.ADDICTION, "Rusmiddelcentret"),
    ("Aisha Nasser", OutreachContact.FieldOfWork.SSP_YOUTH, "SSP Nord"),
    ("Birthe Kjær", OutreachContact.FieldOfWork.ELDERLY, "Ældreområdet, forebyggende hjemmebesøg"),
]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _case(reference, *, area_slug, types, mediators, **fields):
    case, created = Case.objects.update_or_create(
        reference=reference,
        defaults={"area": HousingArea.objects.filter(slug=area_slug).first(), **fields},
    )
    case.conflict_types.set(ConflictType.objects.filter(code__in=types))
    case.mediators.set([user for user in mediators if user is not None])
    case.save()
    return case, created


def default_parent() -> Page | None:
    """The default Site's root page, or the first page below Wagtail's root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site is not None else Page.objects.filter(depth=2).first()


def load(*, stdout, parent: Page | None = None) -> None:
    """Outreach workers, a few cases, and the statistics page under `parent` (by default the site's root page)."""
    today = timezone.localdate()
    year = today.year
    contacts = {}
    for name, field_of_work, unit in CONTACTS:
        contacts[field_of_work], _ = OutreachContact.objects.update_or_create(
            name=name,
            defaults={
                "field_of_work": field_of_work,
                "unit": unit,
                "phone": "70 11 22 33",
                "email": "opsoegende@kommune.example",
            },
        )
    mediator, lead = _user("maegler"), _user("maeglingsleder")

    noise, created = _case(
        f"M-{year}-001",
        area_slug="nordparken",
        types=["noise"],
        mediators=[mediator],
        channel=Case.Channel.RESIDENT,
        intake_date=today - timedelta(days=20),
        status=Case.Status.IN_MEDIATION,
        description="Klager over musik og høje stemmer om natten fra lejligheden ovenover. Opgangen er delt.",
    )
    if created:
        Party.objects.create(case=noise, name="Familien Holm", address="Nordparken 12, 2. th", role="Klager")
        Party.objects.create(case=noise, name="Jonas Berg", address="Nordparken 12, 3. th", role="Beboer ovenover")
        Meeting.objects.create(
            case=noise,
            held_on=today - timedelta(days=10),
            participants="Begge parter og mægler",
            notes="God stemning. Parterne vil prøve stille timer efter kl. 22.",
        )

    children, created = _case(
        f"M-{year}-002",
        area_slug="soendergaarden",
        types=["children", "shared_spaces"],
        mediators=[mediator],
        channel=Case.Channel.BOARD,
        intake_date=today - timedelta(days=45),
        status=Case.Status.AGREEMENT_REACHED,
        description="Uenighed om børns leg i gården og på trappen efter kl. 20.",
    )
    if created:
        Party.objects.create(case=children, kind=Party.Kind.HOUSEHOLD, name="Familien Yilmaz", address="Blok C")
        Party.objects.create(case=children, kind=Party.Kind.GROUP, name="Beboerne i opgang C2", address="Blok C")
        Agreement.objects.create(
            case=children,
            agreed_on=today - timedelta(days=14),
            text="Leg i gården til kl. 20. Trappen holdes fri. Opgangen hilser på hinanden.",
            follow_up_on=today + timedelta(days=2),
        )

    referred, created = _case(
        f"M-{year}-003",
        area_slug="vestervang",
        types=["harassment"],
        mediators=[lead],
        channel=Case.Channel.MAINTENANCE,
        intake_date=today - timedelta(days=60),
        status=Case.Status.REFERRED,
        description="Gentagne konfrontationer i kælderen. Den ene part ønsker hjælp og har givet samtykke.",
    )
    if created:
        Party.objects.create(case=referred, name="Ole Vestergaard", address="Vestervang 4, st.")
        Party.objects.create(case=referred, name="Maja Friis", address="Vestervang 4, 1.")
        Referral.objects.create(
            case=referred,
            outreach_contact=contacts[OutreachContact.FieldOfWork.MENTAL_HEALTH],
            purpose="Støtte til at håndtere konflikter og søvnproblemer.",
            referred_on=today - timedelta(days=30),
            consent_given_by="Ole Vestergaard",
            consent_given_on=today - timedelta(days=31),
            consent_scope="Må dele navn, telefonnummer og en kort beskrivelse af konflikten med socialpsykiatrien.",
        )

    closed, created = _case(
        f"M-{year - 1}-001",
        area_slug="nordparken",
        types=["waste", "pets"],
        mediators=[mediator, lead],
        channel=Case.Channel.RESIDENT,
        intake_date=today.replace(year=year - 1, month=3, day=2),
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.RESOLVED,
        closed_on=today.replace(year=year - 1, month=5, day=20),
        description="Affald og hundeefterladenskaber ved indgangen. Løst med en fælles aftale.",
    )
    if created:
        Party.objects.create(case=closed, name="Karin Bach", address="Nordparken 3")
        Party.objects.create(case=closed, name="Familien Dahl", address="Nordparken 5")

    parent = parent or default_parent()
    if parent is not None and not MediationStatisticsPage.objects.exists():
        parent.add_child(
            instance=MediationStatisticsPage(
                title=f"Mægling i tal {year - 1}",
                slug="maegling-i-tal",
                year=year - 1,
                intro="<p>Hvor mange nabokonflikter vi har hjulpet med, og hvordan de endte. Små tal vises ikke.</p>",
            )
        )
    stdout.write(f"Mægling: {Case.objects.count()} sager (maegler ser sine egne, maeglingsleder ser alle).")
