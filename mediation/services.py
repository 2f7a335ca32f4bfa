"""The push side of mediation: logging access, retention, and a person's right to their data and erasure.

Logs to the `boligsocial` logger carry case references and counts only, never names or narrative.
"""

import json
import logging
import re
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from mediation import conf, selectors
from mediation.models import Agreement, Case, CaseAccessLog, Meeting, Party, Referral

logger = logging.getLogger("boligsocial.mediation")


def record_case_access(*, case: Case, user, action: str) -> CaseAccessLog:
    """Log who did what with which case: through Wagtail's log registry, to the confidential log."""
    return log(instance=case, action=action, user=user if user is not None and user.is_authenticated else None)


def record_cases_shown(*, cases, user, action: str) -> None:
    """Log every case a screen shows (a Case queryset, or id and reference pairs), in one query: the case list,
    its export, a person's cases."""
    CaseAccessLog.objects.log_views(
        cases=cases, user=user if user is not None and user.is_authenticated else None, action=action
    )


def record_case_opened(*, case: Case, user) -> None:
    """A case's own screen (its page, its form, its delete confirmation) was shown: one entry, in one query
    (not Wagtail's `log()`, which checks each of the entry's references with a query of its own first)."""
    record_cases_shown(cases=[(case.pk, case.reference)], user=user, action=CaseAccessLog.Action.OPENED)


def record_log_read(*, user) -> None:
    """Log that the access log itself was read (it names who opened which case)."""
    CaseAccessLog.objects.log_screen(user=user, action=CaseAccessLog.Action.LOG_READ, label=str(_("Access log")))


@transaction.atomic
def anonymise_cases(*, case_ids: list[int], now: datetime | None = None) -> None:
    """Remove the parties and every narrative field of these cases; keep what the statistics count.

    Queryset updates on purpose: a referral without its consent text would not pass validation, and an
    anonymised case is no longer a working record but a row for the statistics.
    """
    now = now or timezone.now()
    Party.objects.filter(case_id__in=case_ids).delete()
    Meeting.objects.filter(case_id__in=case_ids).update(participants="", notes="")
    Agreement.objects.filter(case_id__in=case_ids).update(text="")
    Referral.objects.filter(case_id__in=case_ids).update(purpose="", consent_given_by="", consent_scope="")
    Case.objects.filter(pk__in=case_ids).update(description="", anonymised_at=now)
    CaseAccessLog.objects.log_system_action(
        cases=list(Case.objects.filter(pk__in=case_ids).values_list("pk", "reference")),
        action=CaseAccessLog.Action.ANONYMISED,
        at=now,
    )


def anonymise_expired_cases(*, today: date | None = None, batch_size: int = 500) -> list[str]:
    """Anonymise every closed case whose retention period has run out; returns their references."""
    today = today or timezone.localdate()
    due = list(
        Case.objects.due_for_anonymisation(today=today).order_by("closed_on", "pk").values_list("pk", "reference")
    )
    now = timezone.now()
    for start in range(0, len(due), batch_size):
        anonymise_cases(case_ids=[pk for pk, _reference in due[start : start + batch_size]], now=now)
    references = [reference for _pk, reference in due]
    shown = ", ".join(references[:20]) + (f" and {len(references) - 20} more" if len(references) > 20 else "")
    logger.info(
        "Mediation retention: anonymised %d closed case(s) older than %d months%s",
        len(references),
        conf.retention_months(),
        f": {shown}" if references else "",
    )
    return references


def export_party_data(*, party: Party, user) -> bytes:
    """A JSON file of everything held about the person this party row is, in the cases the user may open."""
    parties = selectors.same_person_parties(party=party, user=user)
    data = selectors.party_export_data(parties=parties)
    data["exported_at"] = timezone.now().isoformat()
    data["exported_by"] = user.get_username()
    with transaction.atomic():
        for case in {p.case_id: p.case for p in parties}.values():
            record_case_access(case=case, user=user, action=CaseAccessLog.Action.EXPORTED)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def _redact(text: str, name: str, replacement: str) -> str:
    if not text or not name:
        return text
    return re.sub(re.escape(name), replacement, text, flags=re.IGNORECASE)


@transaction.atomic
def erase_party(*, party: Party, user) -> list[str]:
    """Erase a person on request: their party rows, and their name wherever it is written in those cases.

    Returns the references of the cases concerned. Other mentions (a first name, a nickname) cannot be
    found automatically; the screen asks the mediator to read the case through.
    """
    parties = selectors.same_person_parties(party=party, user=user)
    erased = str(_("[erased]"))
    references = []
    for person in parties:
        case = person.case
        name = person.name.strip()
        case.description = _redact(case.description, name, erased)
        Case.objects.filter(pk=case.pk).update(description=case.description)
        for meeting in case.meetings.all():
            Meeting.objects.filter(pk=meeting.pk).update(
                participants=_redact(meeting.participants, name, erased), notes=_redact(meeting.notes, name, erased)
            )
        for agreement in case.agreements.all():
            Agreement.objects.filter(pk=agreement.pk).update(text=_redact(agreement.text, name, erased))
        for referral in case.referrals.all():
            given_by = referral.consent_given_by
            if selectors.normalised(given_by) == selectors.normalised(name):
                given_by = str(_("Erased party"))
            Referral.objects.filter(pk=referral.pk).update(
                purpose=_redact(referral.purpose, name, erased),
                consent_given_by=_redact(given_by, name, erased),
                consent_scope=_redact(referral.consent_scope, name, erased),
            )
        person.delete()
        record_case_access(case=case, user=user, action=CaseAccessLog.Action.PARTY_ERASED)
        references.append(case.reference)
    logger.info("Mediation: a party was erased on request from %d case(s): %s", len(references), ", ".join(references))
    return references
