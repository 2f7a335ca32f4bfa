"""The staff screen for one person's data (GDPR articles 15 and 17): look a person up by email address or
phone number, see what every registered source holds, download it, and erase it after a confirmation.

Everything goes by POST, so an address or phone number never lands in a URL, a server log or the history.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from estates.access import roles_of
from estates.person_data import normalised_email, normalised_phone, person_data_sources

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "estates/person_data/person_data.html"


def can_handle_person_data(user) -> bool:
    """Staff answer residents' requests for their data (the view and its menu item ask this)."""
    return roles_of(user).is_staff_member


class PersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=40, required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked that the request comes from this person, and the data may be erased"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not normalised_email(cleaned.get("email") or "") and not normalised_phone(cleaned.get("phone") or ""):
            raise forms.ValidationError(_("Write an email address or a phone number."))
        return cleaned


def person_data(request):
    if not can_handle_person_data(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    sections = None
    if request.method == "POST" and form.is_valid():
        email, phone = form.cleaned_data["email"] or "", form.cleaned_data["phone"] or ""
        action = request.POST.get("action", "find")
        if action == "erase":
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Tick the box to confirm the erasure."))
            else:
                erased = sum(source.erase(email=email, phone=phone) for source in person_data_sources())
                messages.success(request, _("Erased: %(count)s record(s).") % {"count": erased})
                return redirect("estates_person_data")
        sections = [source.find(email=email, phone=phone) for source in person_data_sources()]
        if action == "download":
            return xlsx_response(sections)
    context = {
        "page_title": _("Personal data"),
        "form": form,
        "sections": sections,
        "found_any": bool(sections) and any(section.rows for section in sections),
    }
    response = TemplateResponse(request, TEMPLATE, context)
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(sections) -> HttpResponse:
    """One sheet per source, its headings first."""
    workbook = Workbook(write_only=True)
    for section in sections:
        sheet = workbook.create_sheet(section.title[:31])
        sheet.append(section.columns)
        for row in section.rows:
            sheet.append(row)
    if not sections:
        workbook.create_sheet(_("Nothing found")[:31])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="persondata-{timezone.localdate():%Y-%m-%d}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
