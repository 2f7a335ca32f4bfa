"""Staff hide a partner's note for residents (with a reason, logged) and can show it again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from safety_walks import policy, services
from safety_walks.forms import HidePublicNoteForm
from safety_walks.models import FindingUpdate

SHOW_AGAIN = "show"


def public_note(request, update_id: int):
    if not policy.can_hide_public_notes(request.user):
        raise PermissionDenied
    update = get_object_or_404(
        FindingUpdate.objects.select_related("finding", "author", "organisation", "public_note_hidden_by"),
        pk=update_id,
    )
    form = HidePublicNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("action") == SHOW_AGAIN:
        services.update_show_public_note(update=update, user=request.user)
        messages.success(request, _("The note is shown to residents again."))
        return redirect("safety_walks_add_update", finding_id=update.finding_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_hide_public_note(update=update, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note is hidden from residents. The reason is in the finding's history."))
            return redirect("safety_walks_add_update", finding_id=update.finding_id)
    return TemplateResponse(
        request,
        "safety_walks/admin/public_note.html",
        {
            "update": update,
            "finding": update.finding,
            "form": form,
            "show_again": SHOW_AGAIN,
            "page_title": _("Note for residents"),
        },
    )
