"""Staff edit activities in the Wagtail admin: impossible schedules get a clear message, never a 500."""

import pytest
from wagtail import hooks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from community.models import ActivityPage
from community.problems import PROBLEMS_HOOK, LocalProblem
from tests.community.builders import groups, local, make_activity

pytestmark = pytest.mark.django_db


def add_url(calendar) -> str:
    return f"/admin/pages/add/community/activitypage/{calendar.pk}/"


def activity_form(**overrides) -> dict:
    exceptions = overrides.pop("exceptions", [])
    data = {
        "title": "Lektiecafé",
        "slug": "lektiecafe",
        "intro": "Hjælp til lektierne.",
        "body": rich_text(""),
        "starts_at": "2027-03-16 17:00",
        "ends_at": "2027-03-16 19:00",
        "recurrence": "weekly",
        "recurrence_until": "2027-06-29",
        "status": "planned",
        "place_name": "Beboerhuset",
        "theme": "laering",
        "organiser": "Det boligsociale team",
        "occurrence_exceptions": inline_formset(exceptions),
    }
    # Multiple choices go in as lists, which nested_form_data would number.
    choices = {"target_groups": [group.pk for group in groups("boern", "unge")]}
    for name in ("target_groups", "local_problems"):
        if name in overrides:
            choices[name] = overrides.pop(name)
    data.update(overrides)
    return {**nested_form_data(data), **choices}


def test_staff_publish_a_weekly_activity_with_a_moved_and_a_cancelled_date(client, staff_user, calendar):
    client.force_login(staff_user)

    response = client.post(
        add_url(calendar),
        {
            **activity_form(
                exceptions=[
                    {"occurrence_date": "2027-03-23", "action": "cancelled", "note": "Påske"},
                    {"occurrence_date": "2027-03-30", "action": "moved", "new_starts_at": "2027-03-31 17:00"},
                ]
            ),
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    activity = ActivityPage.objects.get(slug="lektiecafe")
    assert activity.live
    assert activity.series_start == local(2027, 3, 16, 17)
    assert activity.series_end == local(2027, 6, 29, 19)
    assert sorted(activity.occurrence_exceptions.values_list("action", flat=True)) == ["cancelled", "moved"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2027-03-16 16:00"}, "Aktiviteten skal slutte, efter den er startet."),
        ({"recurrence_until": ""}, "Vælg den sidste dato, en aktivitet, der gentages, kan finde sted."),
        ({"recurrence_until": "2030-01-01"}, "En aktivitet, der gentages, kan højst løbe i to år."),
        ({"recurrence_until": "2027-03-01"}, "Den sidste dato skal være samme dag som den første eller senere."),
        ({"ends_at": "2027-03-25 19:00"}, "En aktivitet, der gentages, skal vare mindre end en uge."),
        ({"latitude": "56.1"}, "længdegrad"),
        (
            {"exceptions": [{"occurrence_date": "2027-03-24", "action": "cancelled"}]},
            "Aktiviteten finder ikke sted den 24. marts 2027.",
        ),
        (
            {"exceptions": [{"occurrence_date": "2027-03-23", "action": "moved"}]},
            "Angiv, hvornår den flyttede gang starter.",
        ),
        (
            {
                "recurrence": "none",
                "exceptions": [{"occurrence_date": "2027-03-16", "action": "cancelled"}],
            },
            "Kun en aktivitet, der gentages, har enkelte gange, der kan aflyses eller flyttes.",
        ),
        (
            {
                "exceptions": [
                    {"occurrence_date": "2027-03-23", "action": "cancelled"},
                    {"occurrence_date": "2027-03-23", "action": "cancelled"},
                ]
            },
            "Ret venligst de duplikerede data",
        ),
    ],
)
def test_an_impossible_schedule_is_refused_with_a_clear_message(client, staff_user, calendar, overrides, message):
    client.force_login(staff_user)

    response = client.post(add_url(calendar), {**activity_form(**overrides), "action-publish": "publish"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityPage.objects.exists()


def test_the_editor_can_link_an_activity_to_local_problems_when_the_safety_walk_app_offers_them(
    client, staff_user, calendar
):
    problems = [
        LocalProblem(key="finding:12", label="Unge samles ved cykelkælderen om aftenen", url="/tryghed/fund-12/"),
        LocalProblem(key="thememeeting:3", label="Temamøde om unge og ældre i blok 4", url="/tryghed/temamoede-3/"),
    ]

    def offered(*, keys):
        return [problem for problem in problems if keys is None or problem.key in keys]

    client.force_login(staff_user)
    with hooks.register_temporarily(PROBLEMS_HOOK, offered):
        form_html = client.get(add_url(calendar)).content.decode()
        response = client.post(
            add_url(calendar), {**activity_form(local_problems=["finding:12"]), "action-publish": "publish"}
        )
        activity = ActivityPage.objects.get(slug="lektiecafe")
        page_html = client.get(activity.url).content.decode()

    assert "Unge samles ved cykelkælderen om aftenen" in form_html
    assert response.status_code == 302
    assert activity.local_problems == ["finding:12"]
    assert '<a href="/tryghed/fund-12/">Unge samles ved cykelkælderen om aftenen</a>' in page_html
    assert "Temamøde om unge og ældre" not in page_html


def test_activities_live_only_in_a_calendar(calendar, home_page):
    assert ActivityPage.can_create_at(calendar)
    assert not ActivityPage.can_create_at(home_page)


def test_an_activity_dropped_from_the_calendar_is_gone_from_the_feed(client, calendar):
    activity = make_activity(calendar, starts_at=local(2027, 3, 16, 17))
    activity.delete()

    assert b"BEGIN:VEVENT" not in client.get("/da/aktiviteter/ical/").content


def test_a_repeating_activity_saved_without_a_schedule_end_never_reaches_the_calendar(calendar):
    with pytest.raises(Exception, match="recurrence_until"):
        make_activity(calendar, starts_at=local(2027, 3, 16, 17), recurrence="weekly", recurrence_until=None)
    assert not ActivityPage.objects.exists()


def test_staff_open_an_activity_with_its_cancelled_and_moved_dates_in_the_editor(client, staff_user, calendar):
    activity = make_activity(
        calendar,
        starts_at=local(2027, 3, 16, 17),
        recurrence="weekly",
        recurrence_until=local(2027, 4, 13).date(),
        exceptions=[{"occurrence_date": local(2027, 3, 23).date(), "action": "cancelled", "note": "Påske"}],
    )
    client.force_login(staff_user)

    response = client.get(f"/admin/pages/{activity.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Aflyste eller flyttede gange" in html
    assert 'value="Påske"' in html


def test_staff_preview_a_new_repeating_activity_before_publishing_it(client, staff_user, calendar):
    client.force_login(staff_user)
    preview_url = add_url(calendar) + "preview/"

    checked = client.post(
        preview_url, activity_form(exceptions=[{"occurrence_date": "2027-03-23", "action": "cancelled"}])
    )
    preview = client.get(preview_url)

    assert checked.json()["is_valid"] is True
    assert preview.status_code == 200
    assert "Hver tirsdag, indtil 29. juni 2027" in preview.content.decode()
    assert not ActivityPage.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"recurrence": "every_n_weeks"}, "Vælg hvor mange uger der er mellem hver gang, fx 3."),
        ({"recurrence": "every_n_weeks", "recurrence_interval": "1"}, "Vælg mellem 2 og 12 uger."),
        (
            {"recurrence": "monthly_date", "starts_at": "2027-03-31 17:00", "ends_at": "2027-03-31 19:00"},
            "Ikke alle måneder har en 31. dag.",
        ),
    ],
)
def test_a_new_repeat_rule_without_what_it_needs_is_refused_in_danish_keeping_the_input(
    client, staff_user, calendar, overrides, message
):
    client.force_login(staff_user)

    response = client.post(add_url(calendar), {**activity_form(**overrides), "action-publish": "publish"})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Lektiecafé"' in html
    assert not ActivityPage.objects.exists()


def test_staff_publish_an_activity_every_third_week_and_residents_read_when(client, staff_user, calendar):
    client.force_login(staff_user)

    response = client.post(
        add_url(calendar),
        {
            **activity_form(recurrence="every_n_weeks", recurrence_interval="3", recurrence_until="2027-05-31"),
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    activity = ActivityPage.objects.get(slug="lektiecafe")
    assert [row.first_day.isoformat() for row in activity.stored_occurrences.all()] == [
        "2027-03-16",
        "2027-04-06",
        "2027-04-27",
        "2027-05-18",
    ]
    client.logout()
    assert "Hver 3. tirsdag, indtil 31. maj 2027" in client.get(activity.url).content.decode()


def test_staff_publish_an_activity_with_places_and_residents_sign_up_on_the_site(client, staff_user, calendar):
    """No sign-up link or email: "registration required" with a number of places means the site's own form."""
    client.force_login(staff_user)

    response = client.post(
        add_url(calendar),
        {**activity_form(registration_required="on", capacity="12"), "action-publish": "publish"},
    )

    assert response.status_code == 302
    activity = ActivityPage.objects.get()
    client.logout()
    page = client.get(activity.url).content.decode()
    assert "Tilmeld dig her" in page
    assert f"{activity.url}tilmeld/" in page
