"""The demo has a few invented cases in different states, each visible only to its own mediators."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mediation import policy
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
    assert policy.visible_cases(lead).count() == Case.objects.count()
    assert 0 < policy.visible_cases(mediator).count() < Case.objects.count()
    assert not policy.visible_cases(staff).exists()
    referral = Referral.objects.get()
    assert referral.has_consent
    page = MediationStatisticsPage.objects.get()
    assert client.get(page.url).status_code == 200
