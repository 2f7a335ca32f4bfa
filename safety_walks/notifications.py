"""Email the members of an organisation when it is given responsibility for a finding: one mail per
(responsibility, organisation, day, member), claimed in the outbox, so a signal that fires twice or a task
that is retried sends nothing more."""

import logging
from datetime import date

from django.urls import reverse
from django.utils import timezone

from estates.mail import absolute_url, render_line_lazy
from estates.models import MailCategory, Membership
from estates.outbox import Mail, claim_and_send_after_commit
from safety_walks.models import Responsibility

logger = logging.getLogger("boligsocial.safety_walks")

KIND = "safety_walks.responsibility_placed"
EMAIL = "safety_walks/emails/responsibility_placed"


def placement_mails(responsibility: Responsibility, *, placed_on: date) -> list[Mail]:
    """The mails telling each member who wants them (Membership.notify_by_email) of a new item; whether
    the member wants new items at all is the outbox's question (estates.preferences)."""
    finding = responsibility.finding
    member_ids = (
        Membership.objects.wanting_email()
        .filter(organisation_id=responsibility.organisation_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    context = {
        "organisation": responsibility.organisation.name,
        "walk": finding.walk.title,
        "finding": finding.title,
        "location": finding.location,
        "task": responsibility.task,
        "deadline": responsibility.deadline,
    }
    subject = render_line_lazy(f"{EMAIL}.subject.txt", context)
    url = absolute_url(reverse("safety_walks_add_update", args=[finding.pk]))
    return [
        Mail(
            kind=KIND,
            subject_key=f"responsibility:{responsibility.pk}:organisation:{responsibility.organisation_id}",
            due_on=placed_on,
            recipient_id=user_id,
            subject=subject,
            body_template=f"{EMAIL}.txt",
            context=context,
            url=url,
            category=MailCategory.NEW_ITEMS,
        )
        for user_id in member_ids
    ]


def notify_responsibility_placed(responsibility: Responsibility, *, placed_on: date | None = None) -> int:
    """Claim the new-item mails of this placement (sent once the caller's transaction commits); returns how
    many were claimed now (0 when they were claimed before)."""
    claimed = claim_and_send_after_commit(placement_mails(responsibility, placed_on=placed_on or timezone.localdate()))
    logger.info("responsibility %s placed: %s notification(s) claimed", responsibility.pk, claimed)
    return claimed
