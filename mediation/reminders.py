"""Reminders of agreement follow-ups, to the case's own mediators, naming the case reference and nothing else."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from estates.reminders import DueReminder
from mediation.models import Agreement, Case

KIND = "mediation.agreement_follow_up"
# Sent from this many days before the follow-up date, so a day the sweep did not run loses nothing.
DAYS_AHEAD = 3


def due_reminders(today: date) -> Iterator[DueReminder]:
    agreements = (
        Agreement.objects.filter(
            follow_up_on__gte=today,
            follow_up_on__lte=today + timedelta(days=DAYS_AHEAD),
            kept=Agreement.Kept.NOT_YET_KNOWN,
            case__anonymised_at__isnull=True,
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case")
        .prefetch_related("case__mediators")
        .order_by("follow_up_on", "pk")
    )
    for agreement in agreements:
        case = agreement.case
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("mediation_case_modeladmin_inspect", args=[case.pk])
        for mediator in case.mediators.all():
            if not mediator.is_active:
                continue
            yield DueReminder(
                kind=KIND,
                subject_key=f"agreement:{agreement.pk}",
                due_on=agreement.follow_up_on,
                recipient_id=mediator.pk,
                subject=format_lazy(_("Follow-up on an agreement in case {reference}"), reference=case.reference),
                body_template="mediation/email/agreement_follow_up.txt",
                context={"reference": case.reference, "follow_up_on": agreement.follow_up_on.isoformat()},
                url=url,
            )
