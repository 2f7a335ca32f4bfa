"""Mediation's own admin screens: statistics for leads, and a person's data (export and erasure)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mediation import links, policy, selectors, services, statistics
from mediation.errors import protect_error_reports
from mediation.models import Case, CaseAccessLog, Party


class ConfidentialView(View):
    """Refuse anyone the policy does not allow, before anything is loaded."""

    def is_allowed(self, user) -> bool:
        return policy.can_use_mediation(user)

    def dispatch(self, request, *args, **kwargs):
        protect_error_reports(request)
        if not self.is_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StatisticsView(WagtailAdminTemplateMixin, ConfidentialView, TemplateView):
    template_name = "mediation/admin/statistics.html"
    page_title = _("Mediation statistics")
    header_icon = "table"

    def is_allowed(self, user) -> bool:
        return policy.can_view_statistics(user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        cases = Case.objects.visible_to(self.request.user)
        this_year = timezone.localdate().year
        years = sorted({this_year, *statistics.years_with_cases(cases)}, reverse=True)
        try:
            year = int(self.request.GET.get("year", this_year))
        except ValueError:
            year = this_year
        if year not in years:
            year = this_year
        return super().get_context_data(
            **kwargs,
            years=years,
            year=year,
            publication=statistics.year_statistics(year, cases=cases),
            is_complete=year < this_year,
        )


class PartyView(ConfidentialView):
    """Base for the screens about one party: the party must belong to a case the user may open."""

    def dispatch(self, request, *args, **kwargs):
        protect_error_reports(request)
        if not policy.can_use_mediation(request.user):
            raise PermissionDenied
        party = Party.objects.select_related("case").filter(pk=kwargs["pk"]).first()
        if party is None or not policy.can_manage_party_data(request.user, party):
            raise PermissionDenied  # the same answer whether the party exists or not
        self.party = party
        return View.dispatch(self, request, *args, **kwargs)


class PartyDataView(WagtailAdminTemplateMixin, PartyView, TemplateView):
    template_name = "mediation/admin/party_data.html"
    page_title = _("A person's data")
    header_icon = "user"

    def get_page_subtitle(self):
        return self.party.case.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": links.case_admin_path(self.party.case), "label": self.party.case.reference},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        same_person = selectors.same_person_parties(party=self.party, user=self.request.user)
        # The page names the person and each of their cases: one log entry per case shown.
        services.record_cases_shown(
            cases=[(self.party.case.pk, self.party.case.reference)]
            + [(other.case.pk, other.case.reference) for other in same_person],
            user=self.request.user,
            action=CaseAccessLog.Action.PARTY_VIEWED,
        )
        return super().get_context_data(
            **kwargs,
            party=self.party,
            same_person=same_person,
            export_url=reverse("mediation:party_export", args=[self.party.pk]),
            erase_url=reverse("mediation:party_erase", args=[self.party.pk]),
            is_lead=policy.is_lead(self.request.user),
        )


class PartyExportView(PartyView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        content = services.export_party_data(party=self.party, user=request.user)
        # The file name carries no name: it may end up in a download folder or a mail attachment list.
        filename = f"maegling-persondata-{self.party.pk}-{timezone.localdate().isoformat()}.json"
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PartyEraseView(PartyView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        case = self.party.case
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that the person's data is to be erased."))
            return redirect("mediation:party_data", pk=self.party.pk)
        references = services.erase_party(party=self.party, user=request.user)
        messages.success(
            request,
            _("The person's data was erased from %(references)s. Read the case through for other mentions.")
            % {"references": ", ".join(references)},
        )
        return redirect(links.case_admin_path(case))
