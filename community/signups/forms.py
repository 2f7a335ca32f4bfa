"""The public sign-up form: who comes, how to reach them, which date; a honeypot field for robots."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from community import describe
from community.signups import availability

SERIES = "serie"
MAX_PARTY = 10
HONEYPOT = "website"


def occurrence_value(occurrence) -> str:
    return occurrence.recurrence_id.isoformat()


def occurrence_label(occurrence, left: int | None) -> str:
    label = f"{describe.full_date(occurrence.first_day).capitalize()}, {describe.when(occurrence).lower()}"
    if left == 0:
        return f"{label} – {_('Waiting list')}"
    if left is not None:
        return f"{label} – " + (_("%(count)s places left") % {"count": left})
    return label


class SignUpForm(forms.Form):
    occurrence = forms.ChoiceField(
        label=_("Which date?"), widget=forms.RadioSelect, error_messages={"required": _("Choose a date.")}
    )
    name = forms.CharField(label=_("Your name"), max_length=120, error_messages={"required": _("Write your name.")})
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send the confirmation and a reminder here."),
        error_messages={"invalid": _("Write a whole email address, for example navn@eksempel.dk.")},
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    people = forms.IntegerField(
        label=_("How many are you?"),
        min_value=1,
        max_value=MAX_PARTY,
        initial=1,
        help_text=_("Count yourself too."),
        error_messages={
            "required": _("Write how many you are."),
            "invalid": _("Write how many you are as a number."),
            "min_value": _("You must be at least one."),
            "max_value": _("At most %(limit_value)s people in one sign-up; contact the organiser for more."),
        },
    )
    note = forms.CharField(
        label=_("Anything we should know? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Allergies, accessibility needs and the like. Only the organisers read it."),
        error_messages={"max_length": _("Keep the note under %(limit_value)d characters.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, activity, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["people"].widget.attrs.update({"inputmode": "numeric"})
        if activity.is_recurring:
            choices = [(occurrence_value(o.occurrence), occurrence_label(o.occurrence, o.places_left)) for o in offers]
            choices.append((SERIES, _("Every time (the whole series)")))
            self.fields["occurrence"].choices = choices
        else:
            del self.fields["occurrence"]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not (cleaned.get("phone") or "").strip() and "email" not in self.errors:
            self.add_error("email", _("Write an email address or a phone number, so we can reach you."))
        phone = (cleaned.get("phone") or "").strip()
        if phone and sum(ch.isdigit() for ch in phone) < 8:
            self.add_error("phone", _("Write the whole phone number (8 digits)."))
        return cleaned

    def occurrence_start(self) -> datetime | None:
        value = self.cleaned_data.get("occurrence")
        if not value or value == SERIES:
            return None
        return datetime.fromisoformat(value)


def offers_for(activity) -> list[availability.Offer]:
    """The dates the form offers, each with its places left."""
    return availability.offers(activity) if activity.is_recurring else []
