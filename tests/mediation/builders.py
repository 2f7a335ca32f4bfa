"""Builders for mediation tests: real cases with parties, assigned to real users."""

import itertools

from django.utils import timezone

from mediation.models import Agreement, Case, ConflictType, Meeting, OutreachContact, Party, Referral
from tests.builders import make_area

_counter = itertools.count(1)


def make_case(*, mediators=(), conflict_types=("noise",), parties=2, **kwargs) -> Case:
    if "area" not in kwargs:
        kwargs["area"] = make_area()
    kwargs.setdefault("channel", Case.Channel.RESIDENT)
    kwargs.setdefault("description", "En helt almindelig sag om støj.")
    case = Case(**kwargs)
    case.save()
    case.mediators.set(list(mediators))
    case.conflict_types.set(ConflictType.objects.filter(code__in=conflict_types))
    case.save()
    for index in range(parties):
        make_party(case=case, name=f"Beboer {next(_counter)}", address=f"Opgang {index + 1}")
    return case


def make_party(*, case, **kwargs) -> Party:
    kwargs.setdefault("name", f"Beboer {next(_counter)}")
    kwargs.setdefault("address", "Nordparken 1")
    kwargs.setdefault("contact", "12 34 56 78")
    kwargs.setdefault("role", "Klager over støj")
    return Party.objects.create(case=case, **kwargs)


def make_outreach_contact(**kwargs) -> OutreachContact:
    kwargs.setdefault("name", f"Opsøgende medarbejder {next(_counter)}")
    kwargs.setdefault("field_of_work", OutreachContact.FieldOfWork.MENTAL_HEALTH)
    return OutreachContact.objects.create(**kwargs)


def make_meeting(*, case, **kwargs) -> Meeting:
    kwargs.setdefault("participants", "Begge parter")
    kwargs.setdefault("notes", "Et roligt møde.")
    return Meeting.objects.create(case=case, **kwargs)


def make_agreement(*, case, **kwargs) -> Agreement:
    kwargs.setdefault("text", "Stille efter kl. 22.")
    return Agreement.objects.create(case=case, **kwargs)


def make_referral(*, case, **kwargs) -> Referral:
    kwargs.setdefault("outreach_contact", make_outreach_contact())
    kwargs.setdefault("purpose", "Støtte til søvn og ro.")
    kwargs.setdefault("consent_given_by", "Beboeren selv")
    kwargs.setdefault("consent_given_on", timezone.localdate())
    kwargs.setdefault("consent_scope", "Navn og telefonnummer til socialpsykiatrien.")
    return Referral.objects.create(case=case, **kwargs)
