"""The log actions of safety walks, shown in a finding's history (Wagtail's `log()` and its history view)."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

FINDING_UPDATE = "safety_walks.finding_update"
PUBLIC_NOTE_HIDDEN = "safety_walks.public_note_hidden"
PUBLIC_NOTE_SHOWN = "safety_walks.public_note_shown"


class PublicNoteHidden(LogFormatter):
    label = _("Note for residents hidden")

    def format_message(self, log_entry):
        """With the reason staff gave (never the note itself)."""
        reason = (log_entry.data or {}).get("reason", "")
        return _("A note for residents was hidden from the public pages. Reason: %(reason)s") % {"reason": reason}


class PublicNoteShown(LogFormatter):
    label = _("Note for residents shown again")
    message = _("A hidden note for residents is shown on the public pages again")


def register(actions) -> None:
    actions.register_action(FINDING_UPDATE, _("Update added"), _("Update added to the finding"))
    actions.register_action(PUBLIC_NOTE_HIDDEN)(PublicNoteHidden)
    actions.register_action(PUBLIC_NOTE_SHOWN)(PublicNoteShown)
