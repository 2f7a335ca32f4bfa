"""A finding's status follows its responsibilities through every way they change, and never goes stale."""

import pytest
from django.core import mail

from estates import roles
from safety_walks import reports, services
from safety_walks.models import Finding, FindingStatus
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


def test_a_responsibility_assigned_through_the_service_moves_the_finding_at_once():
    finding = make_finding(make_walk())
    assert finding.status == FindingStatus.REGISTERED

    services.responsibility_assign(finding=finding, organisation=make_organisation(name="Kommunen"))

    assert finding.status == FindingStatus.RESPONSIBILITY_PLACED
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.RESPONSIBILITY_PLACED


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([RS.RESOLVED, RS.RESOLVED], FindingStatus.RESOLVED),
        ([RS.RESOLVED, RS.CANNOT_BE_RESOLVED], FindingStatus.CANNOT_BE_RESOLVED),
        ([RS.PLACED, RS.PLACED], FindingStatus.RESPONSIBILITY_PLACED),
        ([RS.PLACED, RS.RESOLVED], FindingStatus.IN_PROGRESS),
        ([RS.IN_PROGRESS], FindingStatus.IN_PROGRESS),
    ],
)
def test_the_status_rule(statuses, expected):
    finding = make_finding(make_walk())
    for status in statuses:
        services.responsibility_assign(finding=finding, organisation=make_organisation(), status=status)
    assert Finding.objects.get(pk=finding.pk).status == expected


def test_moving_a_responsibility_through_the_service_tells_the_new_organisation(django_capture_on_commit_callbacks):
    police = make_organisation(name="Politiet")
    make_user(roles.PARTNERS, organisation=police, email="per@politi.example")
    finding = make_finding(make_walk(), responsibilities=[(make_organisation(name="Kommunen"), RS.PLACED, 30)])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.responsibility_reassign(responsibility=finding.responsibilities.get(), organisation=police)

    assert [message.to for message in mail.outbox] == [["per@politi.example"]]
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.RESPONSIBILITY_PLACED


def test_a_status_staff_set_by_hand_stays_when_a_partner_updates():
    police = make_organisation(name="Politiet")
    finding = make_finding(
        make_walk(),
        status=FindingStatus.CANNOT_BE_RESOLVED,
        status_set_by_staff=True,
        status_reason="Grunden er privat.",
    )
    services.responsibility_assign(finding=finding, organisation=police)
    partner = make_user(roles.PARTNERS, organisation=police)

    services.finding_record_update(
        finding=finding, author=partner, responsibility=finding.responsibilities.get(), new_status=RS.RESOLVED
    )

    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.CANNOT_BE_RESOLVED


def test_a_status_update_does_not_rebuild_the_walks_search_text(monkeypatch):
    police = make_organisation(name="Politiet")
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    partner = make_user(roles.PARTNERS, organisation=police)
    builds = []
    original = reports.public_findings_text
    monkeypatch.setattr(reports, "public_findings_text", lambda walk: builds.append(walk.pk) or original(walk))

    services.finding_record_update(
        finding=finding,
        author=partner,
        responsibility=finding.responsibilities.get(),
        new_status=RS.IN_PROGRESS,
        public_note="Vi er i gang.",
    )

    assert builds == []  # nothing the search indexes (title, description, location) changed
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.IN_PROGRESS


def test_a_renamed_finding_is_found_by_its_new_words_in_site_search(client):
    finding = make_finding(make_walk(title="Vandring ved åen"), title="Mørk sti")
    finding.title = "Væltet lygtepæl"
    finding.save()
    assert "Vandring ved åen" in client.get("/da/search/", {"q": "lygtepæl"}).content.decode()
