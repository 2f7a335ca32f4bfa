"""Email the members of an organisation when it is given responsibility for a finding."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from estates.mail import absolute_url, language_of
from estates.models import Membership
from safety_walks.models import Responsibility

logger = logging.getLogger("boligsocial.safety_walks")


def notify_responsibility_placed(responsibility: Responsibility) -> int:
    """Send one email to each member who wants them; returns how many were sent."""
    members = (
        Membership.objects.wanting_email()
        .filter(organisation=responsibility.organisation)
        .select_related("user", "user__wagtail_userprofile")
    )
    link = absolute_url(reverse("safety_walks_add_update", args=[responsibility.finding_id]))
    sent = 0
    for membership in members:
        user = membership.user
        with translation.override(language_of(user)):
            context = {"user": user, "responsibility": responsibility, "finding": responsibility.finding, "link": link}
            subject = _("New item for %(organisation)s: %(finding)s") % {
                "organisation": responsibility.organisation.name,
                "finding": responsibility.finding.title,
            }
            body = render_to_string("safety_walks/emails/responsibility_placed.txt", context)
        sent += send_mail(subject, body, None, [user.email])
    logger.info("responsibility %s placed: %s notification(s) sent", responsibility.pk, sent)
    return sent
