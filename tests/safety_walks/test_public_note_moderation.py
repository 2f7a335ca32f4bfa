"""Staff take a partner's note for residents off the public pages, with a reason, logged, and reversible."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from estates import roles
from safety_walks import services
from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

NOTE = "Beboeren i nr. 7, Hans Hansen, har klaget igen."


@pytest.fixture
def police():
    return make_organisation(name="Politiet")


@pytest.fixture
def partner_note(police):
    walk = make_walk()
    finding = make_finding(walk, title="Knallerter", responsibilities=[(police, RS.PLACED, 30)])
    officer = make_user(roles.PARTNERS, organisation=police)
    update = services.finding_record_update(
        finding=finding, author=officer, responsibility=finding.responsibilities.get(), public_note=NOTE
    )
    return update


def note_url(update) -> str:
    return reverse("safety_walks_public_note", args=[update.pk])


def test_staff_hide_a_partners_note_with_a_reason_and_residents_no_longer_see_it(client, staff_user, partner_note):
    walk_url = partner_note.finding.walk.url
    assert NOTE in client.get(walk_url).content.decode()
    client.force_login(staff_user)

    timeline = client.get(reverse("safety_walks_add_update", args=[partner_note.finding_id])).content.decode()
    assert note_url(partner_note) in timeline and "Skjul for beboerne" in timeline
    response = client.post(note_url(partner_note), {"reason": "Navngiver en beboer"})

    assert response.status_code == 302
    assert not FindingUpdate.objects.public().filter(pk=partner_note.pk).exists()
    client.logout()
    assert NOTE not in client.get(walk_url).content.decode()
    entry = ModelLogEntry.objects.get(action="safety_walks.public_note_hidden")
    assert entry.user == staff_user and entry.data == {"update_id": partner_note.pk, "reason": "Navngiver en beboer"}
    assert entry.object_id == str(partner_note.finding_id)
    client.force_login(staff_user)
    history = client.get(f"/admin/safety_walks/finding/history/{partner_note.finding_id}/").content.decode()
    assert "En note til beboerne blev skjult på de offentlige sider. Begrundelse: Navngiver en beboer" in history


def test_hiding_needs_a_reason_in_danish(client, staff_user, partner_note):
    client.force_login(staff_user)

    response = client.post(note_url(partner_note), {"reason": "   "})

    assert response.status_code == 200
    assert "Skriv, hvorfor noten skjules." in response.content.decode()
    assert FindingUpdate.objects.public().filter(pk=partner_note.pk).exists()


def test_a_hidden_note_can_be_shown_again_and_that_is_logged(client, staff_user, partner_note):
    client.force_login(staff_user)
    client.post(note_url(partner_note), {"reason": "Fejl"})

    page = client.get(note_url(partner_note)).content.decode()
    response = client.post(note_url(partner_note), {"action": "show"})

    assert "Vis noten for beboerne igen" in page and "Fejl" in page
    assert response.status_code == 302
    assert FindingUpdate.objects.public().filter(pk=partner_note.pk).exists()
    assert ModelLogEntry.objects.filter(action="safety_walks.public_note_shown").count() == 1
    client.logout()
    assert NOTE in client.get(partner_note.finding.walk.url).content.decode()


def test_only_staff_may_hide_a_note(client, police, partner_note):
    officer = make_user(roles.PARTNERS, organisation=police)
    client.force_login(officer)

    response = client.post(note_url(partner_note), {"reason": "Jeg fortryder"})
    timeline = client.get(reverse("safety_walks_add_update", args=[partner_note.finding_id])).content.decode()

    assert response.status_code == 403
    assert note_url(partner_note) not in timeline
    assert FindingUpdate.objects.public().filter(pk=partner_note.pk).exists()
    with pytest.raises(PermissionDenied):
        services.update_hide_public_note(update=partner_note, user=officer, reason="Jeg fortryder")


def test_public_updates_are_those_of_public_findings_not_hidden(staff_user, police):
    walk = make_walk()
    public = make_finding(walk, responsibilities=[(police, RS.PLACED, 30)])
    internal = make_finding(walk, is_public=False, responsibilities=[(police, RS.PLACED, 30)])
    shown = FindingUpdate.objects.create(finding=public, public_note="Synlig")
    hidden = FindingUpdate.objects.create(finding=public, public_note="Skjult")
    FindingUpdate.objects.create(finding=internal, public_note="Intern")
    services.update_hide_public_note(update=hidden, user=staff_user, reason="Grund")

    assert list(FindingUpdate.objects.public()) == [shown]
    with pytest.raises(ValidationError):
        services.update_hide_public_note(update=shown, user=staff_user, reason="")
