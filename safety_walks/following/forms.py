"""The follow form: an email address, what to follow, and a field people never see (spam bots fill it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from estates.models import HousingArea
from estates.public_widgets import PublicHiddenInput
from safety_walks.models import WalkPage
from safety_walks.selectors import public_walks


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Write your email address, so we can send you the news."),
            "invalid": _("The email address does not look right. Check it, for example name@example.dk."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    walk = forms.ModelChoiceField(queryset=WalkPage.objects.none(), required=False, widget=PublicHiddenInput)
    area = forms.ModelChoiceField(
        queryset=HousingArea.objects.all(),
        required=False,
        label=_("Housing area to follow"),
        empty_label=_("Choose a housing area"),
        error_messages={"invalid_choice": _("Choose one of the housing areas in the list.")},
    )
    # The honeypot: hidden from people (CSS and aria-hidden); a form with it filled in is not acted on.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "follow-%s")  # ids of its own beside other forms on a walk page
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # The default locale's walks: a follow is of the walk whose findings it hears about, whatever the
            # language. Only a posted form asks (the form shown on every walk page never reads it).
            self.fields["walk"].queryset = public_walks()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("walk") and not cleaned.get("area") and "area" not in self.errors:
            self.add_error("area", _("Choose the housing area whose findings you want to follow."))
        return cleaned

    def area_choices(self, areas) -> list[tuple]:
        """The area field's choices (its empty label first) from areas already read, as the field gives them."""
        field = self.fields["area"]
        return [("", field.empty_label), *((area.pk, field.label_from_instance(area)) for area in areas)]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())
