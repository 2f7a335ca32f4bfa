"""Reminders of agreement follow-ups, to the case's own mediators, naming the case reference and nothing else.

Who is reminded, and who may read a reminder in the reminders log, is mediation.policy's answer: an assigned
mediator the policy no longer lets open the case (taken out of the role, deactivated) gets nothing, and the
log shows a follow-up only to those who may open its case.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from estates import outbox, sweep
from estates.mail import absolute_url
from estates.reminders import DueReminder
from mediation import links, policy, services
from mediation.grants import MAIL_KIND as ROLE_MAIL_KIND
from mediation.models import Agreement, Case, CaseAccessLog

KIND = "mediation.agreement_follow_up"
# The reminders log asks `log_scope` about these kinds (see estates.reminder_views).
RESTRICTED_KINDS = (KIND, ROLE_MAIL_KIND)
SUBJECT_PREFIX = "agreement:"
# Sent from this many days before the follow-up date, so a day the sweep did not run loses nothing.
DAYS_AHEAD = 3


def due_reminders(today: date) -> Iterator[DueReminder]:
    due = Agreement.objects.awaiting_follow_up(first=today, last=today + timedelta(days=DAYS_AHEAD))
    # First the bare keys (agreement, day, assigned mediator): a sweep every five minutes mostly finds every one
    # claimed already (or for a mediator no mail reaches), and then reads no case and asks the policy nothing.
    pending = sweep.unsettled(
        KIND,
        (
            (f"{SUBJECT_PREFIX}{pk}", follow_up_on, mediator_id)
            for pk, follow_up_on, mediator_id in due.values_list("pk", "follow_up_on", "case__mediators")
            if mediator_id is not None
        ),
    )
    if pending:
        # A mediator without an address or no longer active is never mailed, so never settled: asked once here,
        # not after reading every case due and asking the policy about it on each sweep.
        reachable = outbox.reachable({mediator_id for _key, _day, mediator_id in pending})
        pending = {key for key in pending if key[2] in reachable}
    if not pending:
        return
    agreements = list(
        due.filter(pk__in={int(subject_key.removeprefix(SUBJECT_PREFIX)) for subject_key, _day, _user in pending})
        .select_related("case")
        .prefetch_related("case__mediators")
        .order_by("follow_up_on", "pk")
    )
    readers = policy.readers_among_assigned(
        list({agreement.case_id: agreement.case for agreement in agreements}.values())
    )
    for agreement in agreements:
        case = agreement.case
        for mediator in readers[case.pk]:
            if (f"{SUBJECT_PREFIX}{agreement.pk}", agreement.follow_up_on, mediator.pk) not in pending:
                continue
            yield DueReminder(
                kind=KIND,
                subject_key=f"{SUBJECT_PREFIX}{agreement.pk}",
                due_on=agreement.follow_up_on,
                recipient_id=mediator.pk,
                subject=format_lazy(_("Follow-up on an agreement in case {reference}"), reference=case.reference),
                body_template="mediation/email/agreement_follow_up.txt",
                context={"reference": case.reference, "follow_up_on": agreement.follow_up_on.isoformat()},
                url=absolute_url(links.case_admin_path(case)),
            )


def _subject_keys(agreements: QuerySet[Agreement]) -> QuerySet:
    return agreements.annotate(key=Concat(Value(SUBJECT_PREFIX), Cast("pk", CharField()))).values("key")


def log_scope(user) -> Q:
    """Which of mediation's rows in the reminders log this user may read: the follow-ups of the cases the
    policy lets them open (Case.objects.visible_to), and the role-change mails sent to them."""
    visible = Agreement.objects.filter(case__in=Case.objects.visible_to(user))
    return Q(kind=KIND, subject_key__in=_subject_keys(visible)) | Q(kind=ROLE_MAIL_KIND, recipient_id=user.pk)


def rows_shown(user, rows) -> None:
    """The reminders log showed these rows to `user`: a follow-up names its case, so each case is logged in the
    case access log (one query to find the cases, one to log them)."""
    ids = [row.subject_key.removeprefix(SUBJECT_PREFIX) for row in rows if row.kind == KIND]
    ids = [int(pk) for pk in ids if pk.isdigit()]
    if ids:
        services.record_cases_shown(
            cases=Agreement.objects.filter(pk__in=ids).values_list("case_id", "case__reference"),
            user=user,
            action=CaseAccessLog.Action.REMINDER_SHOWN,
        )
