"""Walks before they happen: a future walk is an invitation in the list and the calendar; its follow-up meeting
is planned (day, time, place), announced, then recorded when held; dates that make no sense are refused."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from wagtail.test.utils.form_data import nested_form_data, rich_text

from estates.calendar import calendar_entries
from safety_walks.models import FindingSnapshot, FollowUpMeeting, ThemeMeeting
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation
from tests.community.builders import make_calendar
from tests.safety_walks.builders import (
    make_finding,
    make_planned_follow_up_meeting,
    make_planned_walk,
    make_walk,
    make_walk_index,
)

pytestmark = pytest.mark.django_db

FOLLOW_UP_URL = "/admin/safety_walks/followupmeeting/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def words_of(response) -> str:
    """What a reader sees: the text without tags, spaces collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def danish_day(day) -> str:
    with translation.override("da"):
        return date_format(day, "l j. F Y")


def local(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_walk_that_lies_ahead_is_an_invitation_not_an_empty_report(client):
    police = make_organisation(name="Østjyllands Politi")
    walk = make_planned_walk(
        title="Tryghedsvandring i Nordparken",
        accessibility_note="Ruten har ingen trapper.",
        participating_organisations=[police],
    )
    day = timezone.localdate(walk.walk_date)

    html = text_of(client.get(walk.url))

    assert "Kom med på vandringen" in html
    assert f"Hvornår {danish_day(day)} kl. 17-19 Mødested" in words_of(client.get(walk.url))
    assert "Foran beboerhuset, Nordparken 12" in html
    assert "Rundt om blokkene og gennem tunnelen" in html
    assert "Beboere" in html and "Østjyllands Politi" in html
    assert "Bare mød op" in html
    assert "Ruten har ingen trapper." in html
    assert "Hvor langt er vi nået?" not in html
    assert "ikke offentliggjort endnu" not in html


def test_the_invitation_says_whom_to_sign_up_with_and_by_when(client):
    walk = make_planned_walk(sign_up_needed=True, sign_up_contact="Maja Holm, 12 34 56 78")
    walk.sign_up_by = timezone.localdate(walk.walk_date) - timedelta(days=3)
    walk.save_revision().publish()

    html = text_of(client.get(walk.url))

    assert "Tilmeld dig hos Maja Holm, 12 34 56 78 senest" in html
    assert "Bare mød op" not in html


def test_the_list_of_walks_shows_upcoming_walks_apart(client):
    done = make_walk(title="Vandringen i maj")
    ahead = make_planned_walk(title="Vandringen i januar")

    html = text_of(client.get(make_walk_index().url))

    upcoming, _, rest = html.partition("Kommende vandringer")[2].partition("</section>")
    assert ahead.title in upcoming and "Bare mød op" in upcoming
    assert done.title not in upcoming
    assert done.title in rest and ahead.title not in rest


def test_a_planned_walk_is_in_the_calendar_at_its_time_and_place(client):
    walk = make_planned_walk(days_ahead=10, title="Vandring i Syd")
    day = timezone.localdate(walk.walk_date)
    make_calendar()

    (entry,) = [e for e in calendar_entries(start=local(day, 0), end=local(day, 23)) if e.kind == "safety_walk"]
    feed = client.get("/da/aktiviteter/ical/").content.decode()
    calendar_page = text_of(client.get("/da/aktiviteter/"))

    assert (entry.start, entry.end, entry.all_day) == (local(day, 17), local(day, 19), False)
    assert entry.place == "Foran beboerhuset, Nordparken 12"
    assert f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T170000" in feed
    assert f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T190000" in feed
    assert "Vandring i Syd" in calendar_page and "Tryghedsvandring · Alle er velkomne" in calendar_page


def test_staff_plan_the_follow_up_meeting_then_record_it_when_held(staff_client, client):
    walk = make_walk(walk_date=local(timezone.localdate() - timedelta(days=150), 17))
    municipality = make_organisation(name="Kommunen")
    finding = make_finding(walk, title="Lampe", responsibilities=[(municipality, RS.IN_PROGRESS, 30)])
    day = timezone.localdate() + timedelta(days=12)

    response = staff_client.post(
        FOLLOW_UP_URL + "create/",
        {"walk": walk.pk, "planned_on": day.isoformat(), "starts_at": "17:00", "ends_at": "19:00",
         "place": "beboerhuset", "held_on": "", "summary": ""},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    meeting = FollowUpMeeting.objects.get(walk=walk)
    assert (meeting.state, meeting.start, meeting.end) == ("planned", local(day, 17), local(day, 19))
    assert not FindingSnapshot.objects.exists()
    assert f"Opfølgningsmøde {danish_day(day)} kl. 17-19 i beboerhuset" in words_of(client.get(walk.url))
    (entry,) = [e for e in calendar_entries(start=local(day, 0), end=local(day, 23)) if e.kind == "follow_up_meeting"]
    assert (entry.start, entry.end, entry.all_day, entry.place) == (
        local(day, 17),
        local(day, 19),
        False,
        "beboerhuset",
    )

    today = timezone.localdate()
    response = staff_client.post(
        FOLLOW_UP_URL + f"edit/{meeting.pk}/",
        {"walk": walk.pk, "planned_on": today.isoformat(), "starts_at": "17:00", "ends_at": "19:00",
         "place": "beboerhuset", "held_on": today.isoformat(), "summary": "Vi gennemgik alle fund."},
    )  # fmt: skip

    assert response.status_code == 302, response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.state == "held"
    assert FindingSnapshot.objects.get(meeting=meeting, finding=finding).status == finding.status
    html = text_of(client.get(walk.url))
    assert "Opfølgningsmødet blev holdt" in html and "Vi gennemgik alle fund." in html
    assert "kl. 17-19 i beboerhuset" not in html


def test_a_follow_up_meeting_before_the_walk_is_refused_and_the_form_keeps_what_was_typed(staff_client):
    walk = make_walk()  # 12 May 2026, 17:00
    response = staff_client.post(
        FOLLOW_UP_URL + "create/",
        {"walk": walk.pk, "planned_on": "2026-05-01", "starts_at": "17:00", "ends_at": "16:00",
         "place": "Det gamle vaskeri", "held_on": "", "summary": ""},
    )  # fmt: skip

    assert response.status_code == 200
    html = text_of(response)
    assert "Opfølgningsmødet kan ikke ligge før vandringen (12.05.2026)" in html
    assert "Mødet skal slutte, efter det begynder." in html
    assert 'value="Det gamle vaskeri"' in html and 'value="2026-05-01"' in html
    assert not FollowUpMeeting.objects.exists()


def test_a_follow_up_date_before_the_walk_is_refused_in_the_page_editor(staff_client):
    walk = make_walk()
    data = nested_form_data(
        {
            "title": walk.title,
            "slug": walk.slug,
            "walk_date": "2026-05-12 17:00",
            "walk_ends_at": "",
            "follow_up_date": "2026-04-30",
            "meeting_point": "Beboerhuset",
            "route_description": "",
            "accessibility_note": "Ingen trapper",
            "resident_count": 0,
            "sign_up_contact": "",
            "sign_up_by": "",
            "summary": rich_text(""),
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
            "photos-MIN_NUM_FORMS": 0,
            "photos-MAX_NUM_FORMS": 1000,
        }
    )
    data["areas"] = []

    response = staff_client.post(reverse("wagtailadmin_pages:edit", args=(walk.pk,)), data)

    assert response.status_code == 200
    html = text_of(response)
    assert "Opfølgningsmødet kan ikke ligge før vandringen (12.05.2026)" in html
    assert "Ingen trapper" in html
    walk.refresh_from_db()
    assert walk.follow_up_date.isoformat() == "2026-11-12"


def test_a_theme_meeting_before_its_walk_is_refused(staff_client):
    walk = make_walk()
    response = staff_client.post(
        "/admin/safety_walks/thememeeting/create/",
        {"title": "Lys på stierne", "walks": [walk.pk], "problem": "Mørke stier", "starts_at": "2026-04-01 19:00",
         "ends_at": "", "place": "Beboerhuset", "outcome": "", "is_public": "on"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "kan ikke ligge før vandringen (12.05.2026)" in text_of(response)
    assert 'value="Lys på stierne"' in response.content.decode()
    assert not ThemeMeeting.objects.exists()


def test_a_follow_up_meeting_already_held_is_not_planned_again(staff_client):
    walk = make_walk()
    meeting = make_planned_follow_up_meeting(walk, planned_on=timezone.localdate())
    staff_client.post(
        FOLLOW_UP_URL + f"edit/{meeting.pk}/",
        {"walk": walk.pk, "planned_on": meeting.planned_on.isoformat(), "starts_at": "17:00", "ends_at": "19:00",
         "place": "Beboerhuset", "held_on": timezone.localdate().isoformat(), "summary": ""},
    )  # fmt: skip
    response = staff_client.post(
        FOLLOW_UP_URL + f"edit/{meeting.pk}/",
        {"walk": walk.pk, "planned_on": meeting.planned_on.isoformat(), "starts_at": "17:00", "ends_at": "19:00",
         "place": "Beboerhuset", "held_on": "", "summary": ""},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Et møde, der er holdt, forbliver registreret" in text_of(response)
    assert FollowUpMeeting.objects.held().filter(pk=meeting.pk).exists()


def test_staff_reach_the_follow_up_meeting_from_the_walks_page_in_the_admin(staff_client):
    walk = make_walk()
    edit_url = reverse("wagtailadmin_pages:edit", args=(walk.pk,))

    assert f'href="{FOLLOW_UP_URL}create/?walk={walk.pk}"' in staff_client.get(edit_url).content.decode()
    meeting = make_planned_follow_up_meeting(walk, planned_on=timezone.localdate())
    assert f'href="{FOLLOW_UP_URL}edit/{meeting.pk}/"' in staff_client.get(edit_url).content.decode()
    form = staff_client.get(f"{FOLLOW_UP_URL}create/?walk={walk.pk}").content.decode()
    assert f'value="{walk.follow_up_date:%Y-%m-%d}"' in form


def test_the_home_page_card_of_a_walk_ahead_invites_rather_than_reports(client):
    make_planned_walk(title="Vandringen i januar")
    html = words_of(client.get("/da/"))
    assert "Vandringen i januar" in html
    assert "Kom med på vandringen · Alle er velkomne" in html
