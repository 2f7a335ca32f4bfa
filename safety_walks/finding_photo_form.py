"""The finding editor's photo: upload (checked and cleaned by estates.photos), the current thumbnail,
a description for screen readers and "Remove photo". No Wagtail collection rights are needed."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from estates.photos import PhotoField, PhotoInput, photo_delete_unreferenced, photo_store
from safety_walks.forms import FindingAdminForm


class FindingPhotoAdminForm(FindingAdminForm):
    """The finding editor's form (safety_walks.forms.FindingAdminForm) with the photo fields."""

    photo_upload = PhotoField(
        label=_("Photo"),
        required=False,
        widget=PhotoInput,
        help_text=_("A JPG, PNG, GIF or WebP photo. Position and camera details are removed when it is saved."),
    )
    photo_alt_text = forms.CharField(
        label=_("Description of the photo (for screen readers)"), max_length=250, required=False
    )
    photo_remove = forms.BooleanField(label=_("Remove photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.instance.photo if self.instance.photo_id else None
        self.fields["photo_upload"].widget.current_photo = photo
        if photo is not None:
            self.fields["photo_alt_text"].initial = photo.alt_text
        else:
            del self.fields["photo_remove"]

    def save(self, commit=True):
        old = self.instance.photo if self.instance.photo_id else None
        upload = self.cleaned_data.get("photo_upload")
        alt_text = self.cleaned_data.get("photo_alt_text", "")
        if upload:
            self.instance.photo = photo_store(
                upload=upload, uploaded_by=getattr(self, "for_user", None), alt_text=alt_text
            )
        elif self.cleaned_data.get("photo_remove"):
            self.instance.photo = None
        elif old is not None and old.alt_text != alt_text:
            old.alt_text = alt_text
            old.save(update_fields=["alt_text"])
        instance = super().save(commit=commit)
        if old is not None and instance.photo_id != old.pk:
            transaction.on_commit(lambda: photo_delete_unreferenced(photo_ids=[old.pk]))
        return instance
