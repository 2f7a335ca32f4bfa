"""Adding an update to a finding: staff on any responsibility, partners on their organisation's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from safety_walks import policy, services
from safety_walks.forms import FindingUpdateForm
from safety_walks.models import Finding, Responsibility


def add_update(request, finding_id: int):
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("walk", "category", "photo"), pk=finding_id
    )
    responsibilities = Responsibility.objects.visible_to(request.user).filter(finding=finding)
    responsibilities = responsibilities.select_related("organisation")
    # Evaluated once here; the form reuses the rows for its initial choice.
    if not (policy.can_manage_findings(request.user) or responsibilities):
        raise PermissionDenied

    form = FindingUpdateForm(
        request.POST or None, request.FILES or None, responsibilities=responsibilities, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_record_update(
                finding=finding,
                author=request.user,
                responsibility=form.cleaned_data["responsibility"],
                new_status=form.cleaned_data["new_status"],
                public_note=form.cleaned_data["public_note"],
                internal_note=form.cleaned_data["internal_note"],
                photo_upload=form.cleaned_data["photo"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The update is saved and shown on the walk page."))
            return redirect("safety_walks_add_update", finding_id=finding.pk)

    return TemplateResponse(
        request,
        "safety_walks/admin/add_update.html",
        {
            "finding": finding,
            "form": form,
            "timeline": timeline(finding),
            "page_title": _("Update: %(title)s") % {"title": finding.title},
        },
    )


def timeline(finding: Finding):
    return finding.updates.select_related("author", "organisation", "responsibility__organisation", "photo")
