"""A sentence planted in a case never leaves it: not to a page, the API, search, the sitemap, an email,
a log entry or an error report."""

import os
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter
from wagtail.models import ModelLogEntry, Page, PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry

from config.api import api_router
from estates.sweep import sweep
from mediation.errors import protect_error_reports
from mediation.models import Case, ConflictType, MediationStatisticsPage
from mediation.reminders import due_reminders
from tests.builders import make_area
from tests.mediation.admin_forms import add_inline, form_data
from tests.mediation.builders import make_outreach_contact
from tests.mediation.conftest import PLANTED

pytestmark = pytest.mark.django_db

PARTY_NAME = "Gunnar Grøndahl-Thorsen"


@pytest.fixture
def planted_case(client, mediator_user, home_page):
    """A case registered through the admin, as a mediator would, with the planted sentence everywhere."""
    area = make_area(name="Vestervang", slug="vestervang")
    contact = make_outreach_contact()
    client.force_login(mediator_user)
    create = reverse("mediation_case_modeladmin_create")
    data = form_data(client, create)
    data.update(
        {
            "area": str(area.pk),
            "channel": Case.Channel.POLICE,
            "conflict_types": str(ConflictType.objects.get(code="harassment").pk),
            "description": PLANTED,
            "parties-0-name": PARTY_NAME,
            "parties-0-role": PLANTED,
            "parties-1-name": "Familien Holm",
            "parties-1-contact": PLANTED,
        }
    )
    assert client.post(create, data).status_code == 302
    case = Case.objects.get()
    edit = reverse("mediation_case_modeladmin_edit", args=[case.pk])
    data = form_data(client, edit)
    soon = (timezone.localdate() + timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    add_inline(data, "meetings", held_on=today, participants=PARTY_NAME, notes=PLANTED)
    add_inline(data, "agreements", agreed_on=today, text=PLANTED, follow_up_on=soon, kept="not_yet_known")
    add_inline(
        data,
        "referrals",
        outreach_contact=str(contact.pk),
        referred_on=today,
        purpose=PLANTED,
        consent_given_by=PARTY_NAME,
        consent_given_on=today,
        consent_scope=PLANTED,
    )
    assert client.post(edit, data).status_code == 302
    last_year = timezone.localdate().year - 1
    home_page.add_child(instance=MediationStatisticsPage(title="Mægling i tal", slug="tal", year=last_year))
    call_command("update_index", verbosity=0)
    client.logout()
    return case


SECRETS = (PLANTED, PARTY_NAME)


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


def test_no_public_page_shows_case_data(client, planted_case):
    statistics_page = MediationStatisticsPage.objects.get(locale__language_code="da")
    for url in ("/da/", "/da/omraade/vestervang/", statistics_page.url, "/da/search/?q=kniv", "/da/search/?q=Grøndahl"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response.content.decode(), url)
        assert planted_case.reference not in response.content.decode()


def test_the_sitemap_lists_no_case(client, planted_case):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert_no_secret(sitemap, "the sitemap")
    assert "mediation/case" not in sitemap and planted_case.reference not in sitemap


def test_the_api_returns_no_case_data(client, planted_case):
    listing = client.get("/api/v2/pages/", {"fields": "*"})
    assert listing.status_code == 200
    assert_no_secret(listing.content.decode(), "the pages API")
    for page in Page.objects.live():
        detail = client.get(f"/api/v2/pages/{page.pk}/").content.decode()
        assert_no_secret(detail, f"the pages API for {page.title}")
    assert not [name for name in api_router._endpoints if "mediation" in name or "case" in name]


def test_cases_are_not_in_the_search_index(planted_case):
    mediation_entries = IndexEntry.objects.filter(content_type__app_label="mediation").exclude(
        content_type__model="mediationstatisticspage"
    )
    assert not mediation_entries.exists()
    for entry in IndexEntry.objects.all():
        assert_no_secret(f"{entry.title} {entry.body} {entry.autocomplete}", "the search index")
    assert not Page.objects.search("kniv opgangen")


def test_emails_name_the_case_reference_only(planted_case):
    sweep(sources=[due_reminders])
    assert mail.outbox, "the agreement's follow-up should have sent a reminder"
    for message in mail.outbox:
        assert_no_secret(message.subject + message.body, f"the email {message.subject!r}")
        assert planted_case.reference in message.subject


def test_staff_do_not_see_mediation_reminders_in_the_reminders_log(
    client, planted_case, mediator_user, staff_user, superuser
):
    sweep(sources=[due_reminders])
    client.force_login(mediator_user)  # the mediator it was sent to does
    assert planted_case.reference in client.get(reverse("reminders:index")).content.decode()
    for user in (staff_user, superuser):
        client.force_login(user)
        response = client.get(reverse("reminders:index"))
        assert response.status_code == 200
        assert planted_case.reference not in response.content.decode()


def test_a_housing_areas_usage_does_not_list_its_cases(client, planted_case, staff_user):
    call_command("rebuild_references_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not ReferenceIndex.get_references_to(planted_case.area).exists()
    assert not ReferenceIndex.objects.filter(content_type__app_label="mediation").exists()


def test_wagtail_log_entries_carry_no_case_data(planted_case):
    for entry in [*ModelLogEntry.objects.all(), *PageLogEntry.objects.all()]:
        assert_no_secret(f"{entry.label} {entry.data}", f"the log entry {entry.action}")
    assert not ModelLogEntry.objects.filter(content_type__app_label="mediation").exists()


def test_a_superusers_site_history_shows_no_case(client, planted_case, superuser):
    client.force_login(superuser)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    history = response.content.decode()
    assert_no_secret(history, "the site history")
    assert planted_case.reference not in history


def test_error_reports_about_mediation_requests_hide_posted_data_and_variables():
    def failing_view(description):
        raise RuntimeError("something broke")

    def report(protected: bool) -> str:
        request = RequestFactory().post("/admin/mediation/case/edit/1/", {"description": PLANTED})
        if protected:
            protect_error_reports(request)
        try:
            failing_view(PLANTED)
        except RuntimeError:
            return ExceptionReporter(request, *sys.exc_info()).get_traceback_html()

    assert PLANTED in report(protected=False)  # what an unprotected error report would show
    assert PLANTED not in report(protected=True)


def test_the_debug_error_page_of_a_failing_case_view_shows_no_case_data(client, settings, mediator_user, planted_case):
    client.force_login(mediator_user)
    edit = reverse("mediation_case_modeladmin_edit", args=[planted_case.pk])
    data = form_data(client, edit)
    settings.DEBUG = True
    settings.MEDIATION_ENCRYPTION_KEY = "a-broken-key"  # saving and loading the case now fail
    client.raise_request_exception = False
    response = client.post(edit, data)
    assert response.status_code == 500
    html = response.content.decode()
    assert "ImproperlyConfigured" in html  # Django's debug page, with its traceback and request data
    assert_no_secret(html, "the debug error page")
