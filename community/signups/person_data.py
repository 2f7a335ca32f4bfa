"""The sign-ups' part of the person-data export and erasure (estates/person_data.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from community.models.signups import SignUp
from community.signups import services
from estates.person_data import PersonDataSection


class SignUpPersonData:
    def find(self, *, email: str, phone: str) -> PersonDataSection:
        """Every sign-up with this email address or phone number (two queries)."""
        found = SignUp.objects.of_person(email=email, phone=phone).select_related("activity").order_by("created_at")
        return PersonDataSection(
            title=_("Sign-ups for activities"),
            columns=[
                _("Activity"),
                _("Date"),
                _("Status"),
                _("Name"),
                _("Email"),
                _("Phone"),
                _("Number of people"),
                _("Note"),
                _("Signed up"),
            ],
            rows=[
                [
                    signup.activity.title,
                    timezone.localtime(signup.occurrence_start).strftime("%Y-%m-%d %H:%M")
                    if signup.occurrence_start
                    else _("Every time"),
                    str(signup.get_status_display()),
                    signup.name,
                    signup.email,
                    signup.phone,
                    str(signup.people),
                    signup.note,
                    timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
                for signup in found
            ],
        )

    def erase(self, *, email: str, phone: str) -> int:
        return services.erase_person(email=email, phone=phone)
