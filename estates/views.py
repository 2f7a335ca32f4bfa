"""Staff screens of the estates app: inviting a partner user."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estates.access import roles_of
from estates.invitations import partner_invite
from estates.models import Organisation


class InvitePartnerForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=Organisation.objects.all())


def can_invite_partners(user) -> bool:
    """Social-housing staff invite partner users (the view and its menu item ask this)."""
    return roles_of(user).is_staff_member


def invite_partner(request):
    if not can_invite_partners(request.user):
        raise PermissionDenied
    form = InvitePartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = partner_invite(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email" if "email" in getattr(error, "error_dict", {}) else None, error.messages)
        else:
            messages.success(request, _("%(email)s is invited and will receive an email.") % {"email": user.email})
            return redirect("estates_invite_partner")
    return TemplateResponse(
        request, "estates/admin/invite_partner.html", {"form": form, "page_title": _("Invite a partner")}
    )
