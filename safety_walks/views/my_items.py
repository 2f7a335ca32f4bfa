"""A partner's "Mine opgaver": the items their organisation is responsible for, overdue first, a page at a time."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estates import preferences
from estates.models import MailCategory
from safety_walks import policy, selectors
from safety_walks.models import WalkPage

ITEMS_PER_PAGE = 25
# What the list shows of each item (safety_walks/admin/my_items.html): only these columns are read, so a finding
# (with its description) is not loaded whole for every item. A walk is a Wagtail page, costly to build: of it the
# list reads only the title (`walk_title`) and the names of its housing areas (`walk_areas`, one query).
SHOWN = (
    "finding",
    "organisation",
    "deadline",
    "status",
    "task",
    "organisation__name",
    "finding__title",
    "finding__is_public",
    "finding__location",
    "finding__photo",
    "finding__walk",
    "finding__category",
    "finding__category__name",
)


class NotificationForm(forms.Form):
    notify_by_email = forms.BooleanField(
        label=gettext_lazy("Email me when my organisation is given a new item"), required=False
    )


def area_names_of_walks(walk_ids) -> dict[int, list[str]]:
    """The names of each walk's housing areas, in the areas' order (by name), in one query."""
    links = WalkPage.areas.through.objects.filter(walkpage_id__in=walk_ids).order_by("housingarea__name")
    names = defaultdict(list)
    for walk_id, name in links.values_list("walkpage_id", "housingarea__name"):
        names[walk_id].append(name)
    return names


def my_items(request):
    if not policy.has_own_items(request.user):
        raise PermissionDenied
    # The same switch as "new items" under Konto (estates.preferences: the one home of a user's mail choices).
    initial = {"notify_by_email": preferences.wants(request.user, MailCategory.NEW_ITEMS)}
    form = NotificationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences.preferences_set(user=request.user, new_items=form.cleaned_data["notify_by_email"])
        messages.success(request, _("Your email setting is saved."))
        return redirect("safety_walks_my_items")

    today = timezone.localdate()
    counts = selectors.partner_item_counts(request.user, today=today)
    # A bad or too large page number shows the first or last page (Paginator.get_page), never an error.
    listed = (
        selectors.partner_items(request.user, today=today)
        .select_related(None)
        .select_related("organisation", "finding__category", "finding__photo")
        .prefetch_related(None)
        .only(*SHOWN)
        .annotate(walk_title=F("finding__walk__title"))
    )
    items = Paginator(listed, ITEMS_PER_PAGE).get_page(request.GET.get("p"))
    areas = area_names_of_walks({item.finding.walk_id for item in items})
    for item in items:
        item.walk_areas = areas.get(item.finding.walk_id, [])
    return TemplateResponse(
        request,
        "safety_walks/admin/my_items.html",
        {
            "items": items,
            "open_count": counts["open"],
            "overdue_count": counts["overdue"],
            "today": today,
            "form": form,
            "page_title": _("My items"),
        },
    )
