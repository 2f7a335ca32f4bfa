"""The pull side of mediation: queries that fetch what a screen or an export needs, in few queries."""

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q, QuerySet

from estates import roles
from mediation import blind_index
from mediation.models import Case, CaseAccessLog, Party, Referral


def mediator_users() -> QuerySet:
    """Active users who may be assigned to a case: members of the mediator or mediation-lead role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles.MEDIATION_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def case_list(user) -> QuerySet[Case]:
    """The cases the user may see, ready for a listing: the housing area by its name (`area_name`, what str()
    of the area gives), read along instead of built; the mediators' names per page (`mediator_names_of`)."""
    return (
        Case.objects.visible_to(user)
        .annotate(area_name=F("area__name"))
        .defer("description")  # a listing never shows it: no decrypting
        .order_by("-intake_date", "-pk")
    )


def mediator_names_of(case_ids) -> dict[int, list[str]]:
    """Each case's mediators by name (full name, else username), in the order they were assigned: one query
    for a page of cases, no user built."""
    assigned = (
        Case.mediators.through.objects.filter(case_id__in=list(case_ids))
        .order_by("pk")
        .values_list("case_id", "user__first_name", "user__last_name", "user__username")
    )
    names: dict[int, list[str]] = {}
    for case_id, first_name, last_name, username in assigned:
        names.setdefault(case_id, []).append(f"{first_name} {last_name}".strip() or username)
    return names


def case_export(user, columns) -> QuerySet[Case]:
    """The cases the user may see, with only the given columns (Case fields; a housing area by its name):
    what the list's export writes, no mediators, conflict types or narrative."""
    return (
        Case.objects.visible_to(user)
        .select_related("area")
        .only("pk", *columns, "area__name")
        .order_by("-intake_date", "-pk")
    )


def case_for_inspection(pk: int) -> Case:
    """One case with everything its page shows (the caller has asked the policy first)."""
    return (
        Case.objects.select_related("area")
        .prefetch_related(
            "mediators",
            "conflict_types",
            "parties",
            "meetings",
            "agreements",
            Prefetch("referrals", queryset=Referral.objects.select_related("outreach_contact")),
        )
        .get(pk=pk)
    )


def access_log_of(case: Case, *, limit: int = 50) -> list[CaseAccessLog]:
    return list(CaseAccessLog.objects.filter(case=case).order_by("-timestamp", "-pk")[:limit])


normalised = blind_index.normalised


def same_person_parties(*, party: Party, user) -> list[Party]:
    """Every party row, in the cases this user may open, that is the same person: same name and address
    (casefolded, whitespace collapsed).

    Names are encrypted: the rows are found through their keyed blind index (an indexed, exact match), and
    only those are decrypted, to confirm the match.
    """
    key = (normalised(party.name), normalised(party.address))
    candidates = (
        Party.objects.filter(case__in=Case.objects.visible_to(user))
        # The row itself always, whatever its index holds (a row the migration could not read has none).
        .filter(Q(person_index__in=blind_index.lookup_digests(*key)) | Q(pk=party.pk))
        .select_related("case")
        # Decrypt only what the comparison needs (names and addresses), not every narrative of every case.
        .only("pk", "kind", "name", "address", "case__id", "case__reference", "case__intake_date")
        .order_by("case__intake_date", "pk")
    )
    return [other for other in candidates if (normalised(other.name), normalised(other.address)) == key]


def party_export_data(*, parties: list[Party]) -> dict:
    """Everything held about one person across the given party rows, as JSON-ready data."""
    parties = list(Party.objects.filter(pk__in=[party.pk for party in parties]).order_by("pk"))
    first = parties[0]
    case_ids = sorted({party.case_id for party in parties})
    cases = (
        Case.objects.filter(pk__in=case_ids)
        .select_related("area")
        .prefetch_related(
            "conflict_types",
            "meetings",
            "agreements",
            Prefetch("referrals", queryset=Referral.objects.select_related("outreach_contact")),
            Prefetch("access_log", queryset=CaseAccessLog.objects.order_by("timestamp", "pk")),
        )
        .order_by("intake_date", "pk")
    )
    role_by_case = {party.case_id: party for party in parties}
    return {
        "person": {"name": first.name, "address": first.address, "contact": first.contact},
        "note": (
            "The case narrative (description, meeting notes, agreements) concerns every party of a case. "
            "Remove other people's information before handing this file to the person."
        ),
        "cases": [
            {
                "reference": case.reference,
                "housing_area": case.area.name if case.area else "",
                "conflict_types": [str(conflict_type) for conflict_type in case.conflict_types.all()],
                "came_in_through": str(case.get_channel_display()),
                "intake_date": case.intake_date.isoformat(),
                "status": str(case.get_status_display()),
                "outcome": str(case.get_outcome_display()) if case.outcome else "",
                "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                "description": case.description,
                "party": {
                    "kind": str(role_by_case[case.pk].get_kind_display()),
                    "name": role_by_case[case.pk].name,
                    "address": role_by_case[case.pk].address,
                    "contact": role_by_case[case.pk].contact,
                    "role_in_the_conflict": role_by_case[case.pk].role,
                },
                "meetings": [
                    {
                        "held_on": meeting.held_on.isoformat(),
                        "participants": meeting.participants,
                        "notes": meeting.notes,
                    }
                    for meeting in case.meetings.all()
                ],
                "agreements": [
                    {
                        "agreed_on": agreement.agreed_on.isoformat(),
                        "text": agreement.text,
                        "follow_up_on": agreement.follow_up_on.isoformat() if agreement.follow_up_on else None,
                        "kept": str(agreement.get_kept_display()),
                    }
                    for agreement in case.agreements.all()
                ],
                "referrals": [
                    {
                        "referred_on": referral.referred_on.isoformat(),
                        "outreach_worker": str(referral.outreach_contact),
                        "purpose": referral.purpose,
                        "consent": {
                            "given_by": referral.consent_given_by,
                            "given_on": referral.consent_given_on.isoformat() if referral.consent_given_on else None,
                            "covers": referral.consent_scope,
                            "withdrawn_on": (
                                referral.consent_withdrawn_on.isoformat() if referral.consent_withdrawn_on else None
                            ),
                        },
                    }
                    for referral in case.referrals.all()
                ],
                "opened_by": [
                    {
                        "at": entry.timestamp.isoformat(),
                        "user": entry.user_name,
                        "action": str(entry.get_action_display()),
                    }
                    for entry in case.access_log.all()
                ],
            }
            for case in cases
        ],
    }
