"""The public report form: what and where (a text, or a point the map fills in where JavaScript runs), the
category, an optional photo, an optional name and email, and a honeypot field people never see."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from estates.photos import PhotoField
from safety_walks.models import FindingCategory

# A field people never see (hidden by the stylesheet, skipped by keyboard and screen readers): a bot fills it.
HONEYPOT = "hjemmeside"
WHAT_MAX_LENGTH = 2000
WHERE_MAX_LENGTH = 300
CHOOSE_CATEGORY = _("Choose the kind of problem.")


class ReportForm(forms.Form):
    what = forms.CharField(
        label=_("What makes you feel unsafe?"),
        help_text=_("For example: the lamp by the bicycle shed is broken, so the path is dark at night."),
        max_length=WHAT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what makes you feel unsafe.")},
    )
    where = forms.CharField(
        label=_("Where is it?"),
        help_text=_("For example: the path behind no. 14, or by the playground. You can also tap the map."),
        max_length=WHERE_MAX_LENGTH,
        required=False,
    )
    latitude = forms.DecimalField(
        required=False, min_value=Decimal("-90"), max_value=Decimal("90"), decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, min_value=Decimal("-180"), max_value=Decimal("180"), decimal_places=6, widget=forms.HiddenInput
    )
    category = forms.ModelChoiceField(
        label=_("What kind of problem is it?"),
        queryset=FindingCategory.objects.in_default_locale(),
        empty_label=_("Choose a kind"),
        error_messages={"required": CHOOSE_CATEGORY, "invalid_choice": CHOOSE_CATEGORY},
    )
    photo = PhotoField(
        label=_("Photo (if you have one)"),
        required=False,
        help_text=_("We remove the position and camera details from the photo. Only the social-housing team sees it."),
    )
    name = forms.CharField(label=_("Your name (if you like)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Your email address (if you like)"),
        help_text=_("Then we send you a receipt and tell you what happens. We never show it to anyone."),
        required=False,
        error_messages={"invalid": _("Write the whole email address, for example navn@example.dk.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            cleaned["latitude"] = cleaned["longitude"] = None
            latitude = longitude = None
        if not (cleaned.get("where") or "").strip() and latitude is None and not self.has_error("where"):
            self.add_error("where", _("Tell us where it is, or pick the place on the map."))
        return cleaned

    def report_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "what": data["what"],
            "where": data.get("where") or "",
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "photo_upload": data.get("photo"),
            "name": data.get("name") or "",
            "email": data.get("email") or "",
        }


def is_spam(data) -> bool:
    """A bot filled the field people cannot see."""
    return bool((data.get(HONEYPOT) or "").strip())
