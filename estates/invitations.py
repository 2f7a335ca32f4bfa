"""Staff invite a partner by email: an account with no password and a link to choose one.

The invitation goes through the outbox like every other mail (claimed with the new account, in one
transaction). The password link is made when the mail is sent, never stored with the queued mail.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estates import roles
from estates.mail import LATE_CONTEXT, absolute_url
from estates.models import MailCategory, Membership, Organisation
from estates.outbox import Mail, claim_and_send_after_commit

KIND = "estates.partner_invitation"


def password_link_context(user) -> dict:
    """The link to choose a password, made at the moment the invitation is sent."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return {"link": absolute_url(link)}


@transaction.atomic
def partner_invite(*, email: str, first_name: str, last_name: str, organisation: Organisation, invited_by):
    """Create the partner's account in the organisation and email them a link to choose a password."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=roles.PARTNERS))
    Membership.objects.create(organisation=organisation, user=user)

    claim_and_send_after_commit(
        [
            Mail(
                kind=KIND,
                subject_key=f"user:{user.pk}:organisation:{organisation.pk}",
                due_on=timezone.localdate(),
                recipient_id=user.pk,
                subject=format_lazy(
                    gettext_lazy("You are invited to follow up on safety walks for {organisation}"),
                    organisation=organisation.name,
                ),
                body_template="estates/emails/partner_invitation.txt",
                context={
                    "organisation": organisation.name,
                    "inviter": invited_by.get_full_name() or invited_by.get_username(),
                    "login_url": absolute_url(reverse("wagtailadmin_login")),
                    LATE_CONTEXT: "estates.invitations.password_link_context",
                },
                category=MailCategory.SERVICE,
            )
        ]
    )
    return user
