"""Adding an update to a finding: staff on any responsibility, partners on their organisation's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from safety_walks import policy, selectors, services
from safety_walks.forms import FindingUpdateForm
from safety_walks.models import Finding


def add_update(request, finding_id: int):
    finding, responsibilities = selectors.finding_for_update(request.user, finding_id)
    if finding is None:
        raise Http404
    if not (policy.can_manage_findings(request.user) or responsibilities):
        raise PermissionDenied

    form = FindingUpdateForm(
        request.POST or None,
        request.FILES or None,
        responsibilities=responsibilities,
        user=request.user,
        finding=finding,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_record_update(
                finding=finding,
                author=request.user,
                responsibility=form.cleaned_data["responsibility"],
                new_status=form.cleaned_data["new_status"],
                public_note=form.cleaned_data.get("public_note", ""),
                internal_note=form.cleaned_data["internal_note"],
                photo_upload=form.cleaned_data["photo"],
                photo_public=form.cleaned_data.get("photo_public", False),
                photo_alt_text=form.cleaned_data.get("photo_alt_text", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            shown = form.cleaned_data.get("public_note", "").strip() or form.cleaned_data.get("photo_public")
            messages.success(request, saved_message(finding, shown_to_residents=bool(shown)))
            return redirect("safety_walks_add_update", finding_id=finding.pk)

    return TemplateResponse(
        request,
        "safety_walks/admin/add_update.html",
        {
            "finding": finding,
            "form": form,
            "timeline": timeline(finding),
            "may_hide_public_notes": policy.can_hide_public_notes(request.user),
            "page_title": _("Update: %(title)s") % {"title": finding.title},
        },
    )


def saved_message(finding: Finding, *, shown_to_residents: bool) -> str:
    """Say truthfully who will read the update: residents only see a public note or photo on a public finding."""
    if finding.is_public and shown_to_residents:
        return _("Thank you. The update is saved and shown on the walk page.")
    return _("Thank you. The update is saved. Staff and the partners on this finding can read it.")


def timeline(finding: Finding):
    return finding.updates.select_related(
        "author", "organisation", "responsibility__organisation", "photo", "public_note_hidden_by"
    )
