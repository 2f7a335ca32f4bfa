"""The demo has a few invented cases in different states, each visible only to its own mediators."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from mediation import demo as mediation_demo
from mediation.models import Case, MediationStatisticsPage, Referral

pytestmark = pytest.mark.django_db


def test_demo_cases_are_scoped_to_the_demo_mediators(client):
    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects
    mediator, lead, staff = (
        users.get(username="maegler"),
        users.get(username="maeglingsleder"),
        users.get(username="medarbejder"),
    )
    statuses = set(Case.objects.values_list("status", flat=True))
    assert len(statuses) >= 3
    assert Case.objects.visible_to(lead).count() == Case.objects.count()
    assert 0 < Case.objects.visible_to(mediator).count() < Case.objects.count()
    assert not Case.objects.visible_to(staff).exists()
    referral = Referral.objects.get()
    assert referral.has_consent
    page = MediationStatisticsPage.objects.get(locale__language_code="da")
    assert client.get(page.url).status_code == 200


def test_the_demo_puts_its_statistics_page_under_any_parent_page(client, home_page):
    section = home_page.add_child(instance=Page(title="Om os", slug="om-os"))

    mediation_demo.load(stdout=io.StringIO(), parent=section)

    page = MediationStatisticsPage.objects.get(locale__language_code="da")
    assert page.get_parent().specific == section
    assert client.get(page.url).status_code == 200
    assert Case.objects.count() >= 3
