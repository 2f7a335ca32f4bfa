"""A partner's "Mine opgaver": every item their organisation is responsible for, overdue first."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estates.models import Membership
from safety_walks import policy
from safety_walks.selectors import partner_items


class NotificationForm(forms.Form):
    notify_by_email = forms.BooleanField(
        label=gettext_lazy("Email me when my organisation is given a new item"), required=False
    )


def my_items(request):
    if not policy.has_own_items(request.user):
        raise PermissionDenied
    memberships = Membership.objects.filter(user=request.user)
    notify = all(m.notify_by_email for m in memberships)
    form = NotificationForm(request.POST if request.method == "POST" else None, initial={"notify_by_email": notify})
    if request.method == "POST" and form.is_valid():
        memberships.update(notify_by_email=form.cleaned_data["notify_by_email"])
        messages.success(request, _("Your email setting is saved."))
        return redirect("safety_walks_my_items")

    today = timezone.localdate()
    items = partner_items(request.user, today=today)
    return TemplateResponse(
        request,
        "safety_walks/admin/my_items.html",
        {
            "items": items,
            "open_count": sum(1 for item in items if item.is_open),
            "overdue_count": sum(1 for item in items if item.is_overdue(today)),
            "today": today,
            "form": form,
            "page_title": _("My items"),
        },
    )
