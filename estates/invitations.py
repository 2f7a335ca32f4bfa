"""Staff invite a partner by email: an account with no password and a link to choose one."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from estates import roles
from estates.mail import absolute_url
from estates.models import Membership, Organisation


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

    link = absolute_url(
        reverse(
            "wagtailadmin_password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {
        "user": user,
        "organisation": organisation,
        "invited_by": invited_by,
        "link": link,
        "login_url": absolute_url(reverse("wagtailadmin_login")),
    }
    send_mail(
        _("You are invited to follow up on safety walks for %(organisation)s") % {"organisation": organisation.name},
        render_to_string("estates/emails/partner_invitation.txt", context),
        None,
        [user.email],
    )
    return user
