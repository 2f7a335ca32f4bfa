"""The public pages of resident reports, no login: choose the area, the form, the receipt and the private
status page. Thin: the form checks, services keep, selectors read."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from estates import conf as estates_conf
from estates import maps
from estates.models import HousingArea
from estates.security import throttle
from estates.security.client import client_address
from safety_walks.resident_reports import conf, selectors, services
from safety_walks.resident_reports.forms import HONEYPOT, ReportForm, is_spam

TEMPLATES = "safety_walks/resident_reports/"


def _render(request, template: str, context: dict, *, status: int = 200, private: bool = False):
    context = {"boligsocial_base_template": estates_conf.setting("BOLIGSOCIAL_BASE_TEMPLATE"), **context}
    response = TemplateResponse(request, TEMPLATES + template, context, status=status)
    if private:
        # The status page's address is the reporter's key: never cached, indexed or sent on as a referrer.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def choose_area(request):
    return _render(request, "choose_area.html", {"areas": HousingArea.objects.order_by("name")})


@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request, area_slug: str):
    area = get_object_or_404(HousingArea, slug=area_slug)
    too_many = False
    if request.method == "POST":
        if is_spam(request.POST):
            return redirect("boligsocial:reports:thanks")
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            address = client_address(request)
            too_many = not throttle.allow_per_hour(
                "resident-report", address=address, limit=conf.reports_per_address_per_hour()
            )
            if not too_many:
                report = services.report_submit(area=area, **form.report_fields())
                return redirect("boligsocial:reports:receipt", token=report.token)
    else:
        form = ReportForm()
    # A browser cannot give a chosen file back after an error: say so, rather than lose the photo silently.
    photo_lost = request.method == "POST" and bool(request.FILES.get("photo")) and not form.has_error("photo")
    return _render(
        request,
        "report_form.html",
        {
            "area": area,
            "form": form,
            "honeypot": form[HONEYPOT],
            "photo_lost": photo_lost,
            "too_many": too_many,
            "map": {**maps.map_config(), **selectors.map_centre(area)},
        },
        # Too many reports from one address within the hour: a friendly word, and the form keeps what was typed.
        status=429 if too_many else 200,
    )


@require_safe
def thanks(request):
    """Where a bot that filled the honeypot lands: it looks like success and keeps nothing."""
    return _render(request, "receipt.html", {"report": None})


@require_safe
def receipt(request, token: str):
    report = get_object_or_404(selectors.reports_for_reporter(), token=token)
    return _render(request, "receipt.html", {"report": report}, private=True)


@require_safe
def status(request, token: str):
    report = get_object_or_404(selectors.reports_for_reporter(), token=token)
    return _render(request, "status.html", selectors.status_context(report), private=True)
