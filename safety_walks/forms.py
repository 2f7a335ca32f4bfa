"""Forms for adding an update to a finding (staff and the responsible partners)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from safety_walks.models import Responsibility
from safety_walks.models.findings import ResponsibilityStatus


class FindingUpdateForm(forms.Form):
    responsibility = forms.ModelChoiceField(
        label=_("Responsibility"),
        queryset=Responsibility.objects.none(),
        required=False,
        help_text=_("Whose part of the work the update is about."),
    )
    new_status = forms.ChoiceField(
        label=_("New status"), choices=[("", _("Unchanged")), *ResponsibilityStatus.choices], required=False
    )
    public_note = forms.CharField(
        label=_("Note for residents"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown on the public walk page at once."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seen only by staff and the partners on this finding."),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, responsibilities, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["responsibility"].queryset = responsibilities
        if responsibilities.count() == 1:
            self.fields["responsibility"].initial = responsibilities.first()

    def clean_photo(self):
        """Validate the upload with Wagtail's own image rules (type and size) and keep it as a Wagtail image."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        ImageForm = get_image_form(get_image_model())
        image_form = ImageForm({"title": upload.name}, {"file": upload}, user=self.user)
        if not image_form.is_valid():
            raise forms.ValidationError(image_form.errors.get("file") or _("The photo could not be read."))
        return image_form

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status") and not cleaned.get("responsibility"):
            self.add_error("responsibility", _("Choose whose responsibility the new status is for."))
        if not any(cleaned.get(name) for name in ("new_status", "public_note", "internal_note", "photo")):
            raise forms.ValidationError(_("Write a note or choose a new status."))
        return cleaned
