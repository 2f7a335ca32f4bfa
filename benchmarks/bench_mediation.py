"""Mediation at scale: 1,500 cases over three years, their screens, statistics, export and retention.

A mediator is assigned every fifth case (300); the mediation lead sees all. Every narrative field is
encrypted, so the figures include decrypting what a screen shows. Timed work that writes (opening a case
writes its access log, the retention run anonymises) runs in a transaction that is rolled back, so every
run does the same work.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from estates import roles
from estates.models import HousingArea
from home.models import HomePage
from mediation.models import (
    Agreement,
    Case,
    CaseAccessLog,
    ConflictType,
    MediationStatisticsPage,
    Meeting,
    OutreachContact,
    Party,
    Referral,
)

CASES = 1_500
AREAS = 6
MEDIATORS = 5
MEDIATOR = "bench-maegler"
LEAD = "bench-maeglingsleder"
NARRATIVE = "Klager over høj musik og råb om natten. Parterne har tidligere haft konflikter om vasketiden. " * 3


def _year() -> int:
    return timezone.localdate().year


def seed() -> None:
    users = get_user_model().objects
    mediators = []
    for n in range(MEDIATORS):
        user = users.create_user(MEDIATOR if n == 0 else f"bench-maegler-{n}", password="x", first_name=f"Mægler {n}")
        user.groups.set(Group.objects.filter(name__in=[roles.STAFF, roles.MEDIATORS]))
        mediators.append(user)
    lead = users.create_user(LEAD, password="x", first_name="Leder")
    lead.groups.set(Group.objects.filter(name__in=[roles.STAFF, roles.MEDIATION_LEADS]))

    areas = [HousingArea.objects.create(name=f"Mæglingsområde {n}", slug=f"maeglingsomraade-{n}") for n in range(AREAS)]
    contacts = OutreachContact.objects.bulk_create(
        OutreachContact(name=f"Opsøgende {n}", field_of_work=field)
        for n, (field, _label) in enumerate(OutreachContact.FieldOfWork.choices)
    )
    types = list(ConflictType.objects.all())
    today = timezone.localdate()
    statuses = [status for status, _label in Case.Status.choices]
    outcomes = [outcome for outcome, _label in Case.Outcome.choices]
    cases = []
    for n in range(CASES):
        year = _year() - 2 + n * 3 // CASES
        intake = date(year, 1, 1) + timedelta(days=(n * 7) % 360)
        status = statuses[n % len(statuses)] if intake < today else Case.Status.INTAKE
        closed = status == Case.Status.CLOSED
        cases.append(
            Case(
                reference=f"M-{year}-{n + 1:04d}",
                area=areas[n % AREAS],
                channel=Case.Channel.RESIDENT,
                intake_date=min(intake, today),
                status=status,
                outcome=outcomes[n % len(outcomes)] if closed else "",
                closed_on=min(intake + timedelta(days=60), today) if closed else None,
                description=NARRATIVE,
            )
        )
    cases = Case.objects.bulk_create(cases)
    Case.mediators.through.objects.bulk_create(
        Case.mediators.through(case=case, user=mediators[n % MEDIATORS]) for n, case in enumerate(cases)
    )
    Case.conflict_types.through.objects.bulk_create(
        Case.conflict_types.through(case=case, conflicttype=types[n % len(types)]) for n, case in enumerate(cases)
    )
    Party.objects.bulk_create(
        Party(
            case=case, name=f"Beboer {n}-{k}", address=f"Opgang {n % 40}, {k}. sal", contact="12 34 56 78", role="Part"
        )
        for n, case in enumerate(cases)
        for k in range(2 + n % 2)
    )
    Meeting.objects.bulk_create(
        Meeting(case=case, held_on=case.intake_date, participants="Begge parter", notes=NARRATIVE)
        for case in cases
        for _ in range(2)
    )
    Agreement.objects.bulk_create(
        Agreement(case=case, agreed_on=case.intake_date, text=NARRATIVE, follow_up_on=today + timedelta(days=n % 30))
        for n, case in enumerate(cases)
        if n % 2 == 0
    )
    Referral.objects.bulk_create(
        Referral(
            case=case,
            outreach_contact=contacts[n % len(contacts)],
            purpose=NARRATIVE,
            referred_on=case.intake_date,
            consent_given_by=f"Beboer {n}-0",
            consent_given_on=case.intake_date,
            consent_scope="Navn og telefon.",
        )
        for n, case in enumerate(cases)
        if n % 5 == 0
    )
    CaseAccessLog.objects.bulk_create(
        CaseAccessLog(
            case=case, case_reference=case.reference, label=case.reference, user_name=MEDIATOR, action="opened"
        )
        for case in cases
        for _ in range(4)
    )
    HomePage.objects.get().add_child(
        instance=MediationStatisticsPage(title="Mægling i tal", slug="maegling-i-tal", year=_year() - 1)
    )


def _mediators_case() -> Case:
    return Case.objects.filter(mediators__username=MEDIATOR).order_by("pk").first()


def targets() -> list[tuple[str, str, str | None]]:
    case = _mediators_case()
    page = MediationStatisticsPage.objects.get()
    return [
        ("Case list, mediator (300 of 1,500 cases)", "/admin/mediation/case/", MEDIATOR),
        ("Case list, lead (1,500 cases, page 1)", "/admin/mediation/case/", LEAD),
        ("Case list, search by reference", f"/admin/mediation/case/?q=M-{_year()}-1", MEDIATOR),
        ("Case list export (CSV), lead", "/admin/mediation/case/?export=csv", LEAD),
        ("Case page (inspect; writes the access log)", f"/admin/mediation/case/inspect/{case.pk}/", MEDIATOR),
        # A form, not a list: Wagtail renders each of its 36 fields (the case's and its parties', meetings', ...)
        # at about 1 ms apiece; read beside the floor row "Admin floor: edit form of a snippet/model with a few
        # fields" (baseline).
        ("Case edit form", f"/admin/mediation/case/edit/{case.pk}/", MEDIATOR, {"no_goal": True}),
        ("Access log, lead (6,000+ entries)", "/admin/mediation/caseaccesslog/", LEAD),
        ("Statistics in the admin, lead", f"/admin/mediation/statistics/?year={_year() - 1}", LEAD),
        ("Statistics page (public)", page.url, None),
    ]


def _rolled_back(work):
    def run():
        with transaction.atomic():
            result = work()
            transaction.set_rollback(True)
        return result

    return run


def extras():
    from mediation import reminders, services, statistics

    lead = get_user_model().objects.get(username=LEAD)
    mediator = get_user_model().objects.get(username=MEDIATOR)
    party = Party.objects.filter(case=_mediators_case()).first()
    export_as_lead = _rolled_back(lambda: services.export_party_data(party=party, user=lead))
    return [
        (
            "Statistics of one year (500 cases)",
            lambda: statistics.year_statistics(_year() - 1, cases=Case.objects.all()),
        ),
        ("Agreement reminders due today", lambda: list(reminders.due_reminders(timezone.localdate()))),
        (
            "Retention run (anonymises the due cases)",
            _rolled_back(lambda: services.anonymise_expired_cases(today=timezone.localdate() + timedelta(days=800))),
        ),
        ("Export a person's data, lead (matches among 3,750 parties)", export_as_lead),
        (
            # The same person's export as their mediator (750 parties visible) and as the lead (3,750): the
            # parties are found through the blind index, so the export should not grow with them.
            "Export a person's data, mediator (matches among 750 parties)",
            _rolled_back(lambda: services.export_party_data(party=party, user=mediator)),
            {"larger": export_as_lead, "sizes": "750 → 3,750 parties"},
        ),
    ]
