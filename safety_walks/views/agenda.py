"""The printable status agenda for a walk's follow-up meeting: by responsible organisation, overdue first."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from safety_walks import policy
from safety_walks.models import Finding, Responsibility, WalkPage


def agenda(request, walk_id: int):
    if not policy.can_manage_findings(request.user):
        raise PermissionDenied
    walk = get_object_or_404(WalkPage, pk=walk_id)
    today = timezone.localdate()
    responsibilities = (
        Responsibility.objects.filter(finding__walk=walk)
        .select_related("organisation", "finding", "finding__category")
        .order_by("organisation__name", "deadline")
    )
    groups = defaultdict(list)
    for responsibility in responsibilities:
        groups[responsibility.organisation].append(responsibility)
    for items in groups.values():
        items.sort(key=lambda r: (not r.is_overdue(today), r.deadline or today.max, r.finding.priority))
    unassigned = Finding.objects.filter(walk=walk, responsibilities__isnull=True).select_related("category")
    return TemplateResponse(
        request,
        "safety_walks/admin/agenda.html",
        {
            "walk": walk,
            "groups": sorted(groups.items(), key=lambda pair: pair[0].name),
            "unassigned": unassigned,
            "today": today,
            "page_title": _("Status agenda"),
        },
    )
