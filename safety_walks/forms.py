"""Forms for adding an update to a finding (staff and the responsible partners)."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from estates.access import roles_of
from estates.photos import PhotoField
from safety_walks.models import Responsibility
from safety_walks.models.findings import DEADLINE_BEFORE_WALK, deadline_before_walk
from safety_walks.services import INTERNAL_NOTE_MAX_LENGTH, PUBLIC_NOTE_MAX_LENGTH
from safety_walks.statuses import ResponsibilityStatus


class LoadedRowChoiceField(forms.ModelChoiceField):
    """A choice among rows the view has already loaded (`rows`): the chosen one is not fetched again."""

    rows: list = []

    def set_rows(self, rows: list) -> None:
        self.rows = rows
        self.queryset = self.queryset.model.objects.filter(pk__in=[row.pk for row in rows]).select_related(
            "organisation"
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for row in self.rows:
            if str(row.pk) == str(value):
                return row
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class NoteField(forms.CharField):
    """A note with a length cap that says, in Danish, how long the text is and how long it may be. The
    textarea carries no `maxlength` (a browser would cut a pasted text silently); a small script shows a
    live count (`safety_walks/admin/note-counter.js`), and the server refuses a longer text and keeps it."""

    def __init__(self, *, max_length: int, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        self.note_max_length = max_length  # before super(): Field.__init__ asks widget_attrs()
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "data-note-max-length": str(self.note_max_length),
            # The counter's words, for note-counter.js: {left}, {over} and {max} are filled in as you type.
            "data-note-left": _("{left} of {max} characters left"),
            "data-note-over": _("{over} characters too many (at most {max})"),
        }

    def validate(self, value):
        super().validate(value)
        if len(value) > self.note_max_length:
            raise forms.ValidationError(note_too_long(self.label, value, self.note_max_length), code="max_length")


def note_too_long(label, value: str, limit: int) -> str:
    return _(
        "%(label)s is too long: %(length)s characters, and at most %(limit)s are allowed. "
        "Your text is kept below, so you can shorten it."
    ) % {
        "label": label,
        "length": number_format(len(value), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


class FindingUpdateForm(forms.Form):
    responsibility = LoadedRowChoiceField(
        label=_("Responsibility"),
        queryset=Responsibility.objects.none(),
        required=False,
        help_text=_("Whose part of the work the update is about."),
    )
    new_status = forms.ChoiceField(
        label=_("New status"), choices=[("", _("Unchanged")), *ResponsibilityStatus.choices], required=False
    )
    public_note = NoteField(
        label=_("Note for residents"),
        max_length=PUBLIC_NOTE_MAX_LENGTH,
        help_text=_("Shown on the public walk page at once."),
    )
    internal_note = NoteField(
        label=_("Internal note"),
        max_length=INTERNAL_NOTE_MAX_LENGTH,
        help_text=_("Seen only by staff and the partners on this finding."),
    )
    photo = PhotoField(label=_("Photo"), required=False)
    photo_alt_text = forms.CharField(
        label=_("Description of the photo (for screen readers)"), max_length=250, required=False
    )
    photo_public = forms.BooleanField(
        label=_("Show the photo to residents"),
        required=False,
        help_text=_("Position and camera details are removed from every photo. Residents see it only when ticked."),
    )

    def __init__(self, *args, responsibilities: list[Responsibility], user, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Residents never see an internal finding: its form offers no note for them, and promises nothing.
        self.finding_is_internal = finding is not None and not finding.is_public
        if self.finding_is_internal:
            del self.fields["public_note"]
            self.fields.pop("photo_public", None)  # nor a photo for them
            self.fields["internal_note"].help_text = _(
                "This finding is internal: nothing about it is shown to residents. "
                "Staff and the partners on this finding read your note."
            )
        self.fields["responsibility"].set_rows(rows := list(responsibilities))
        # A partner always writes on behalf of one of their organisation's responsibilities.
        self.fields["responsibility"].required = not roles_of(user).is_staff_member
        self.fields["responsibility"].empty_label = None if self.fields["responsibility"].required else "---------"
        if len(rows) == 1:
            self.fields["responsibility"].initial = rows[0]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status") and not cleaned.get("responsibility"):
            self.add_error("responsibility", _("Choose whose responsibility the new status is for."))
        given = ("new_status", "public_note", "internal_note", "photo")
        # A field refused on its own (a note too long, a photo too big) was given: one message is enough.
        if not any(cleaned.get(name) or name in self.errors for name in given):
            raise forms.ValidationError(_("Write a note or choose a new status."))
        return cleaned


class FindingAdminForm(WagtailAdminModelForm):
    """The finding editor: also checks each responsibility's deadline against the walk's date."""

    def is_valid(self):
        valid = super().is_valid()
        walk = self.cleaned_data.get("walk") if hasattr(self, "cleaned_data") else None
        if walk is None:
            return valid
        for form in self.formsets["responsibilities"].forms:
            deadline = getattr(form, "cleaned_data", {}).get("deadline")
            if deadline_before_walk(deadline, walk) and not form.cleaned_data.get("DELETE"):
                form.add_error("deadline", DEADLINE_BEFORE_WALK)
                valid = False
        return valid


class HidePublicNoteForm(forms.Form):
    """Staff take a partner's note for residents off the public pages, and say why (it is logged)."""

    reason = forms.CharField(
        label=_("Why is the note hidden?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: it names a resident. The reason is kept in the finding's history."),
        error_messages={"required": _("Say why the note is hidden.")},
    )
