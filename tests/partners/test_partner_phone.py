"""A partner (police, municipality) who logs in twice a year, often on a phone: their items as cards, a form
that says truthfully who reads what, notes with a cap, and Danish answers wherever they click."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from estates import roles
from safety_walks.models import Finding, FindingCategory, FindingUpdate, Responsibility
from safety_walks.models.findings import ResponsibilityStatus as RS
from safety_walks.services import INTERNAL_NOTE_MAX_LENGTH, PUBLIC_NOTE_MAX_LENGTH
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

MY_ITEMS = "/admin/safety-walks/my-items/"


@pytest.fixture
def police():
    return make_organisation(name="Politiet")


@pytest.fixture
def officer(client, police):
    user = make_user(roles.PARTNERS, organisation=police, first_name="Per")
    client.force_login(user)
    return user


def update_url(finding) -> str:
    return reverse("safety_walks_add_update", args=[finding.pk])


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="my-item[^"]*">(.*?)</li>', html, flags=re.S)


def test_my_items_are_cards_with_an_update_button_and_internal_findings_marked(client, police, officer):
    walk = make_walk()
    make_finding(walk, title="Knallerter på stien", responsibilities=[(police, RS.PLACED, 30)])
    make_finding(walk, title="Salg ved garagerne", is_public=False, responsibilities=[(police, RS.PLACED, 30)])

    html = client.get(MY_ITEMS).content.decode()

    by_title = {re.search(r"<h2[^>]*>(.*?)</h2>", card).group(1): card for card in cards(html)}
    assert set(by_title) == {"Knallerter på stien", "Salg ved garagerne"}
    assert "Internt fund" in by_title["Salg ved garagerne"]
    assert "Internt fund" not in by_title["Knallerter på stien"]
    for card in by_title.values():
        assert 'class="button my-item__update"' in card and "Opdatér" in card
    assert '<table class="listing"' not in html  # no table to scroll sideways on a phone


def add_items(walk, organisation, numbers):
    """Many items at once (rows as the finding editor saves them; no mail per item)."""
    findings = Finding.objects.bulk_create(
        Finding(walk=walk, category=FindingCategory.objects.first(), title=f"Opgave {n:02d}") for n in numbers
    )
    walk_day = timezone.localdate(walk.walk_date)
    Responsibility.objects.bulk_create(
        Responsibility(finding=finding, organisation=organisation, deadline=walk_day + timedelta(days=30 + n))
        for n, finding in zip(numbers, findings, strict=True)
    )


def test_my_items_come_25_to_a_page_and_a_page_costs_the_same_queries_for_30_or_60_items(client, police, officer):
    walk = make_walk()
    add_items(walk, police, range(30))

    with CaptureQueriesContext(connection) as thirty:
        first = client.get(MY_ITEMS)
    second = client.get(MY_ITEMS, {"p": 2}).content.decode()
    odd = client.get(MY_ITEMS, {"p": "x'; DROP"})
    add_items(walk, police, range(30, 60))
    with CaptureQueriesContext(connection) as sixty:
        client.get(MY_ITEMS)

    assert len(cards(first.content.decode())) == 25 and len(cards(second)) == 5
    assert "Opgave 00" in first.content.decode() and "Opgave 29" in second
    assert "Side 2 af 2" in second and "Din organisation har 30 åbne opgaver." in second
    assert odd.status_code == 200 and len(cards(odd.content.decode())) == 25
    assert len(sixty) == len(thirty)


def test_the_update_form_of_an_internal_finding_promises_residents_nothing(client, police, officer):
    internal = make_finding(
        make_walk(), title="Salg ved garagerne", is_public=False, responsibilities=[(police, RS.PLACED, 30)]
    )
    public = make_finding(make_walk(), title="Slukket lampe", responsibilities=[(police, RS.PLACED, 30)])

    internal_form = client.get(update_url(internal)).content.decode()
    public_form = client.get(update_url(public)).content.decode()

    assert 'name="public_note"' not in internal_form and 'name="photo_public"' not in internal_form
    assert "vises på" not in internal_form.lower()
    assert "Internt fund" in internal_form and "Dette fund er internt" in internal_form
    assert 'name="public_note"' in public_form and "side om vandringen" in public_form

    response = client.post(
        update_url(internal),
        {"responsibility": internal.responsibilities.get().pk, "internal_note": "Talt med boligselskabet."},
        follow=True,
    )
    message = response.content.decode()
    assert "Opdateringen er gemt" in message and "vises på siden om vandringen" not in message


def test_a_54000_character_public_note_is_refused_in_danish_and_the_text_is_kept(client, police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    long_note = ("Vi har talt med beboerne om lyset. " * 1543)[:54_000]

    response = client.post(
        update_url(finding), {"responsibility": finding.responsibilities.get().pk, "public_note": long_note}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not FindingUpdate.objects.exists()
    assert "Besked til beboerne er for lang: 54.000 tegn" in html and "højst være 2.000" in html
    assert long_note in html  # kept, to be shortened
    assert "Skriv en besked eller vælg en ny status" not in html  # a note was written: one message only
    textarea = re.search(r'<textarea[^>]*name="public_note"[^>]*>', html).group(0)
    # The counter's cap, not the browser's: maxlength would cut a pasted text without a word.
    assert f'data-note-max-length="{PUBLIC_NOTE_MAX_LENGTH}"' in textarea and "maxlength" not in textarea


def test_notes_up_to_the_caps_are_saved_and_an_internal_note_over_its_cap_is_refused(client, police, officer):
    finding = make_finding(make_walk(), responsibilities=[(police, RS.PLACED, 30)])
    responsibility = finding.responsibilities.get().pk

    too_long = client.post(
        update_url(finding), {"responsibility": responsibility, "internal_note": "x" * (INTERNAL_NOTE_MAX_LENGTH + 1)}
    )
    at_the_caps = client.post(
        update_url(finding),
        {
            "responsibility": responsibility,
            "public_note": "p" * PUBLIC_NOTE_MAX_LENGTH,
            "internal_note": "i" * INTERNAL_NOTE_MAX_LENGTH,
        },
    )

    assert "Intern note er for lang" in too_long.content.decode()
    assert at_the_caps.status_code == 302
    assert FindingUpdate.objects.get().public_note == "p" * PUBLIC_NOTE_MAX_LENGTH


def main_content(html: str) -> str:
    """The page without what differs from request to request (tokens)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_a_partner_cannot_tell_another_organisations_finding_from_a_missing_one(client, police, officer):
    theirs = make_finding(
        make_walk(),
        title="Kommunens interne sag",
        is_public=False,
        responsibilities=[(make_organisation(name="Kommunen"), RS.PLACED, 30)],
    )
    missing = theirs.pk + 1000

    for route in (
        "/admin/safety_walks/finding/inspect/{}/",
        "/admin/safety_walks/finding/history/{}/",
        "/admin/safety-walks/finding/{}/update/",
        "/admin/safety_walks/finding/edit/{}/",
    ):
        foreign, absent = client.get(route.format(theirs.pk)), client.get(route.format(missing))
        assert foreign.status_code == absent.status_code, route
        assert foreign.status_code in (403, 404), route
        assert main_content(foreign.content.decode()) == main_content(absent.content.decode()), route
        assert "Kommunens interne sag" not in foreign.content.decode()
        assert "Mine opgaver" in foreign.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/images/",
        "/admin/snippets/safety_walks/findingcategory/",
        "/admin/reports/",
    ],
)
def test_a_screen_a_partner_may_not_open_answers_in_danish_and_leads_back_to_my_items(client, officer, url):
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 403
    assert "Forbidden" not in html and "403" not in re.sub(r"<[^>]+>", "", html).split("</title>")[0]
    assert "Den side hører ikke til dit arbejde her" in html
    assert f'href="{MY_ITEMS}"' in html and "Til mine opgaver" in html


@pytest.mark.parametrize("url", ["/admin/pages/?q=lampe", "/admin/pages/search/?q=lampe"])
def test_the_dashboards_search_box_searches_a_partners_own_findings(client, police, officer, url):
    walk = make_walk()
    make_finding(walk, title="Lampe ved stien", responsibilities=[(police, RS.PLACED, 30)])
    make_finding(walk, title="Lampe i kælderen", responsibilities=[(make_organisation(), RS.PLACED, 30)])
    dashboard = client.get("/admin/").content.decode()
    assert 'action="/admin/pages/"' in dashboard  # Wagtail's box, on every dashboard

    response = client.get(url, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/safety_walks/finding/?q=lampe"
    assert "Lampe ved stien" in html and "Lampe i kælderen" not in html
