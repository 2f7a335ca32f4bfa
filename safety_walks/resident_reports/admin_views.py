"""Staff's triage of resident reports in the admin: the list (filter by area, a map), one report with its
three decisions (a finding on a walk, merged into another report, closed with a reason), and the list of a
walk's areas' open reports for planning its route. Staff only (policy.can_manage_findings): partners never
see reports."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from estates import maps
from safety_walks import policy
from safety_walks.models import WalkPage
from safety_walks.models.reports import ReportStatus, ResidentReport
from safety_walks.resident_reports import selectors, services
from safety_walks.resident_reports.admin_forms import CloseForm, MergeForm, ReportFilterSet, ToFindingForm
from safety_walks.resident_reports.markers import detail_url, triage_markers

PER_PAGE = 50
TEMPLATES = "safety_walks/resident_reports/admin/"
FORMS = {"finding": ToFindingForm, "merge": MergeForm, "close": CloseForm}


def staff_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.can_manage_findings(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def report_index(request):
    data = request.GET.copy()
    walk = None
    if data.get("walk", "").isdigit():
        walk = get_object_or_404(WalkPage, pk=data["walk"])
    if "status" not in data:
        data["status"] = ReportStatus.NEW
    filters = ReportFilterSet(data, queryset=selectors.triage_reports())
    reports = filters.qs
    if walk is not None:
        reports = reports.filter(area__in=walk.areas.all())
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("p"))
    rows = list(page.object_list)
    return TemplateResponse(
        request,
        TEMPLATES + "index.html",
        {
            "filters": filters,
            "page_obj": page,
            "reports": rows,
            "walk": walk,
            "markers": triage_markers(rows),
            "map": maps.map_config(),
            "page_title": _("Reports from residents"),
        },
    )


@staff_only
def report_detail(request, report_id: int):
    report = get_object_or_404(selectors.triage_reports(), pk=report_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        name: form_class(request.POST if name == action else None, **_form_kwargs(form_class, report))
        for name, form_class in FORMS.items()
    }
    if action in forms and forms[action].is_valid():
        try:
            done = _decide(action, report, forms[action].cleaned_data, request.user)
        except ValidationError as error:
            for message in error.messages:
                forms[action].add_error(None, message)
        else:
            messages.success(request, done)
            return redirect(detail_url(report))
    return TemplateResponse(
        request,
        TEMPLATES + "detail.html",
        {
            "report": report,
            "forms": forms,
            "action": action,
            "duplicates": list(report.duplicates.select_related("category")),
            "status_context": selectors.status_context(report),
            "markers": triage_markers([report]),
            "map": maps.map_config(),
            "page_title": _("Report from a resident"),
        },
    )


def _form_kwargs(form_class, report) -> dict:
    return {} if form_class is CloseForm else {"report": report}


def _decide(action: str, report, data: dict, user) -> str:
    if action == "finding":
        finding = services.report_to_finding(
            report=report,
            walk=data["walk"],
            user=user,
            title=data["title"],
            description=data["description"],
            priority=data["priority"],
            is_public=data["is_public"],
            use_photo=data.get("use_photo", False),
            message=data["message"],
        )
        return _("The report is now the finding “%(title)s”. The reporter is told.") % {"title": finding.title}
    if action == "merge":
        services.report_merge(report=report, into=data["into"], user=user, message=data["message"])
        return _("The report is merged. The reporter is told.")
    services.report_close(report=report, user=user, reason=data["reason"])
    return _("The report is closed. The reporter is told.")


def walk_open_reports_count(walk) -> int:
    return ResidentReport.objects.open_in_areas(walk.areas.all()).count()
