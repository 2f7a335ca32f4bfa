"""The public calendar: upcoming, past, month and day views, filters, and what a resident reads on them."""

import re
from datetime import UTC, date, timedelta

import pytest
from django.utils import timezone
from wagtail import hooks

from community.choices import ActivityStatus, ExceptionAction, Recurrence, TargetGroupCode, Theme
from estates.calendar import CALENDAR_HOOK, CalendarEntry
from tests.builders import make_area
from tests.community.builders import groups, local, make_activity

pytestmark = pytest.mark.django_db

T = TargetGroupCode


def soon(days: int = 2, hour: int = 17):
    today = timezone.localdate()
    return local(
        (today + timedelta(days=days)).year,
        (today + timedelta(days=days)).month,
        (today + timedelta(days=days)).day,
        hour,
    )


def html_of(response) -> str:
    return response.content.decode()


def titles_in(html: str) -> list[str]:
    return re.findall(r'class="(?:bs-)?occurrence__title"><a href="[^"]*">([^<]+)</a>', html)


def has_markup(html: str, markup: str) -> bool:
    """The markup is in the page; its classes may carry the plugin's `bs-` namespace."""
    pattern = ""
    for piece in re.split(r'(class="[^"]*")', markup):
        if piece.startswith('class="'):
            pattern += 'class="' + " ".join(f"(?:bs-)?{re.escape(name)}" for name in piece[7:-1].split()) + '"'
        else:
            pattern += re.escape(piece)
    return re.search(pattern, html) is not None


def test_upcoming_activities_are_listed_by_day_with_time_and_place(client, calendar):
    make_activity(calendar, title="Lektiecafé", starts_at=soon(3, 16), ends_at=soon(3, 18), place_name="Beboerhuset")

    response = client.get("/da/aktiviteter/")

    assert response.status_code == 200
    html = html_of(response)
    assert html.count("<h1>") == 1
    assert "Kommende aktiviteter" in html
    assert titles_in(html) == ["Lektiecafé"]
    assert "16:00–18:00" in html
    assert "Beboerhuset" in html
    day = timezone.localdate() + timedelta(days=3)
    assert f'<time datetime="{day:%Y-%m-%d}">' in html


def test_past_and_unpublished_activities_are_not_in_the_upcoming_list(client, calendar):
    make_activity(calendar, title="Sidste uges fest", starts_at=soon(-7), ends_at=soon(-7, 20))
    draft = make_activity(calendar, title="Kladde", starts_at=soon(4))
    draft.unpublish()
    make_activity(calendar, title="Fællesspisning", starts_at=soon(5))

    assert titles_in(html_of(client.get("/da/aktiviteter/"))) == ["Fællesspisning"]
    past = html_of(client.get("/da/aktiviteter/tidligere/"))
    assert "Tidligere aktiviteter" in past
    assert titles_in(past) == ["Sidste uges fest"]


def test_a_weekly_activity_is_listed_once_for_each_coming_occurrence(client, calendar):
    make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=soon(1),
        ends_at=soon(1, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=timezone.localdate() + timedelta(days=20),
    )

    assert titles_in(html_of(client.get("/da/aktiviteter/"))) == ["Lektiecafé"] * 3


def test_filtering_for_children_shows_childrens_and_everyones_activities(client, calendar):
    make_activity(calendar, title="Legestue", starts_at=soon(2), target_groups=groups(T.CHILDREN))
    make_activity(calendar, title="Sommerfest", starts_at=soon(3), target_groups=groups(T.ALL_RESIDENTS))
    make_activity(calendar, title="Seniorgymnastik", starts_at=soon(4), target_groups=groups(T.ELDERLY))

    html = html_of(client.get("/da/aktiviteter/", {"maalgruppe": "boern"}))

    assert titles_in(html) == ["Legestue", "Sommerfest"]
    assert '<option value="boern" selected>Børn</option>' in html


def test_filtering_by_area_shows_that_areas_and_estate_wide_activities(client, calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    west = make_area(name="Vestervang", slug="vestervang")
    make_activity(calendar, title="Kaffe i Nordparken", starts_at=soon(2), areas=[north])
    make_activity(calendar, title="Kaffe i Vestervang", starts_at=soon(3), areas=[west])
    make_activity(calendar, title="Loppemarked for alle", starts_at=soon(4), areas=[])

    html = html_of(client.get("/da/aktiviteter/", {"omraade": "nordparken"}))

    assert titles_in(html) == ["Kaffe i Nordparken", "Loppemarked for alle"]


def test_filtering_by_theme(client, calendar):
    make_activity(calendar, title="Lektiecafé", starts_at=soon(2), theme=Theme.LEARNING)
    make_activity(calendar, title="Fodbold", starts_at=soon(3), theme=Theme.SPORT)

    assert titles_in(html_of(client.get("/da/aktiviteter/", {"tema": "laering"}))) == ["Lektiecafé"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"maalgruppe": "hunde"}, "Vi kender ikke målgruppen “hunde”."),
        ({"omraade": "atlantis"}, "Vi kender ikke boligområdet “atlantis”."),
        ({"tema": "<script>"}, "Vi kender ikke temaet “&lt;script&gt;”."),
    ],
)
def test_an_unknown_filter_value_is_a_404_that_says_which_value(client, calendar, query, message):
    make_activity(calendar, title="Lektiecafé", starts_at=soon(2))

    response = client.get("/da/aktiviteter/", query)

    assert response.status_code == 404
    html = html_of(response)
    assert message in html
    assert "Lektiecafé" not in html
    assert 'name="maalgruppe"' in html  # the form to choose again


def test_every_view_and_the_feed_keep_the_filters_in_their_links(client, calendar):
    make_area(name="Nordparken", slug="nordparken")

    html = html_of(client.get("/da/aktiviteter/", {"omraade": "nordparken", "maalgruppe": "boern"}))

    today = timezone.localdate()
    assert f'href="/da/aktiviteter/maaned/{today:%Y-%m}/?omraade=nordparken&amp;maalgruppe=boern"' in html
    assert 'href="/da/aktiviteter/tidligere/?omraade=nordparken&amp;maalgruppe=boern"' in html
    assert 'href="webcal://testserver/da/aktiviteter/ical/?omraade=nordparken&amp;maalgruppe=boern"' in html
    assert 'href="http://testserver/da/aktiviteter/ical/?omraade=nordparken&amp;maalgruppe=boern"' in html


def test_the_list_is_paginated_and_a_bad_page_number_never_fails(client, calendar):
    for n in range(25):
        make_activity(calendar, title=f"Aktivitet nummer {n:02d}", starts_at=soon(1 + n))

    first = html_of(client.get("/da/aktiviteter/"))
    second = html_of(client.get("/da/aktiviteter/", {"side": "2"}))

    assert len(titles_in(first)) == 20
    assert titles_in(second) == [f"Aktivitet nummer {n:02d}" for n in range(20, 25)]
    assert "Side 2 af 2" in second
    assert client.get("/da/aktiviteter/", {"side": "abc"}).status_code == 200
    assert client.get("/da/aktiviteter/", {"side": "999"}).status_code == 200


def test_the_month_view_is_a_real_table_with_weekday_headers_and_full_date_labels(client, calendar):
    make_activity(calendar, title="Lektiecafé", starts_at=local(2027, 3, 16, 17), ends_at=local(2027, 3, 16, 19))

    response = client.get("/da/aktiviteter/maaned/2027-03/")

    assert response.status_code == 200
    html = html_of(response)
    assert html.count("<h1>") == 1
    assert "<caption>Aktiviteter i marts 2027</caption>" in html
    assert '<th scope="col" abbr="mandag">man</th>' in html
    assert '<th scope="col" abbr="søndag">søn</th>' in html
    assert '<time datetime="2027-03-16">' in html
    assert has_markup(html, '<span class="visually-hidden">tirsdag 16. marts 2027</span>')
    assert has_markup(html, '<span class="month__time">17:00</span> Lektiecafé')
    assert 'href="/da/aktiviteter/maaned/2027-02/"' in html
    assert 'href="/da/aktiviteter/maaned/2027-04/"' in html
    assert 'href="/da/aktiviteter/dag/2027-03-16/"' in html


def test_the_month_view_shows_a_weekly_activity_on_every_date_across_daylight_saving(client, calendar):
    make_activity(
        calendar,
        title="Lektiecafé",
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 13),
        exceptions=[
            {"occurrence_date": date(2027, 3, 23), "action": ExceptionAction.CANCELLED},
            {
                "occurrence_date": date(2027, 3, 30),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 3, 31, 17),
            },
        ],
    )

    html = html_of(client.get("/da/aktiviteter/maaned/2027-03/"))

    cells = dict(re.findall(r'<time datetime="(2027-03-\d\d)">(.*?)</td>', html, flags=re.S))
    assert "Lektiecafé" in cells["2027-03-16"]
    assert "Aflyst" in cells["2027-03-23"]
    assert "Lektiecafé" not in cells["2027-03-30"]
    assert "Flyttet" in cells["2027-03-31"] and "17:00" in cells["2027-03-31"]


def test_a_month_cell_shows_a_few_activities_and_links_to_the_rest(client, calendar):
    for n in range(5):
        make_activity(calendar, title=f"Aktivitet {n}", starts_at=local(2027, 3, 16, 10 + n))

    html = html_of(client.get("/da/aktiviteter/maaned/2027-03/"))

    assert "2 mere" in html
    assert html.count("<li>") >= 3


@pytest.mark.parametrize(
    "path",
    [
        "/da/aktiviteter/maaned/2027-13/",
        "/da/aktiviteter/maaned/2027-00/",
        "/da/aktiviteter/maaned/1850-01/",
        "/da/aktiviteter/maaned/27-3/",
        "/da/aktiviteter/dag/2027-02-30/",
        "/da/aktiviteter/dag/2027-2-3/",
        "/da/aktiviteter/dag/0001-01-01/",
    ],
)
def test_a_malformed_or_impossible_date_in_the_address_is_a_404(client, calendar, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Siden findes ikke" in html_of(response)


def test_the_day_view_lists_what_happens_that_day(client, calendar):
    make_activity(calendar, title="Lektiecafé", starts_at=local(2027, 3, 16, 17))
    make_activity(calendar, title="Banko", starts_at=local(2027, 3, 17, 19))

    html = html_of(client.get("/da/aktiviteter/dag/2027-03-16/"))

    assert "Tirsdag 16. marts 2027" in html
    assert titles_in(html) == ["Lektiecafé"]
    assert 'href="/da/aktiviteter/dag/2027-03-15/"' in html


def test_a_cancelled_activity_is_shown_as_cancelled_with_the_reason(client, calendar):
    make_activity(
        calendar,
        title="Banko",
        starts_at=soon(2),
        status=ActivityStatus.CANCELLED,
        cancellation_note="For få tilmeldte.",
    )

    html = html_of(client.get("/da/aktiviteter/"))

    assert "occurrence--cancelled" in html
    assert has_markup(html, '<span class="status status--cancelled">Aflyst</span> For få tilmeldte.')


def test_an_activity_that_joins_young_and_old_is_marked_across_generations(client, calendar):
    make_activity(calendar, title="Unge møder ældre", starts_at=soon(2), target_groups=groups(T.YOUTH, T.ELDERLY))
    make_activity(calendar, title="Børn og unge", starts_at=soon(3), target_groups=groups(T.CHILDREN, T.YOUTH))

    html = html_of(client.get("/da/aktiviteter/"))

    first, second = html.split("Unge møder ældre", 1)[1].split("Børn og unge", 1)
    assert "På tværs af generationer" in first
    assert "På tværs af generationer" not in second


def theme_meeting(start, **kwargs):
    kwargs.setdefault("uid", "thememeeting-1@boligsocial")
    kwargs.setdefault("title", "Temamøde om belysning")
    return CalendarEntry(
        start=start, end=start + timedelta(hours=2), url="/tryghed/temamoede/", kind="theme_meeting", **kwargs
    )


def test_theme_meetings_from_safety_walks_appear_in_the_calendar(client, calendar):
    meeting = theme_meeting(soon(2), place="Beboerhuset", area_slugs=("nordparken",))
    asked = []

    def entries(*, start, end, area_slugs):
        asked.append(area_slugs)
        return [meeting] if start <= meeting.start < end else []

    make_area(name="Nordparken", slug="nordparken")
    with hooks.register_temporarily(CALENDAR_HOOK, entries):
        everything = html_of(client.get("/da/aktiviteter/"))
        in_the_area = html_of(client.get("/da/aktiviteter/", {"omraade": "nordparken"}))
        for_children = html_of(client.get("/da/aktiviteter/", {"maalgruppe": "boern"}))
        about_safety = html_of(client.get("/da/aktiviteter/", {"tema": "tryghed"}))
        about_food = html_of(client.get("/da/aktiviteter/", {"tema": "mad"}))

    assert titles_in(everything) == ["Temamøde om belysning"]
    assert 'href="/tryghed/temamoede/"' in everything
    assert "Temamøde efter en tryghedsvandring" in everything
    assert titles_in(in_the_area) == ["Temamøde om belysning"]
    assert ["nordparken"] in asked
    assert titles_in(about_safety) == ["Temamøde om belysning"]
    assert titles_in(for_children) == []
    assert titles_in(about_food) == []


def test_the_activity_page_tells_a_resident_what_where_for_whom_and_how_to_join(client, calendar):
    activity = make_activity(
        calendar,
        title="Ungdomsklubben møder de ældre",
        starts_at=local(2027, 1, 14, 14),
        ends_at=local(2027, 1, 14, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 6, 30),
        target_groups=groups(T.YOUTH, T.ELDERLY),
        place_name="Ungdomsklubben",
        place_address="Søndergården 20",
        price="",
        registration_required=True,
        capacity=20,
        registration_email="klub@example.org",
        accessibility="Niveaufri adgang.",
    )

    html = html_of(client.get(activity.url))

    assert "<h1>Ungdomsklubben møder de ældre</h1>" in html
    assert "Hver måned den anden torsdag, indtil 30. juni 2027" in html
    assert "Søndergården 20" in html
    assert "Unge, Ældre" in html
    assert "På tværs af generationer" in html
    assert "Gratis" in html
    assert "Der er plads til 20 personer." in html
    assert 'href="mailto:klub@example.org"' in html
    assert "Niveaufri adgang." in html
    assert f'href="{activity.url}ical/"' in html


def test_the_calendar_and_activity_pages_have_one_h1_and_a_language(client, calendar):
    activity = make_activity(calendar, starts_at=soon(2))
    for path in ("/da/aktiviteter/", "/da/aktiviteter/maaned/", "/da/aktiviteter/tidligere/", activity.url):
        html = html_of(client.get(path))
        assert html.count("<h1") == 1, path
        assert '<html lang="da" dir="ltr">' in html


def test_the_filter_forms_empty_fields_are_dropped_from_the_address_worth_sharing(client, calendar):
    response = client.get("/da/aktiviteter/maaned/2027-03/", {"omraade": "", "maalgruppe": "boern", "tema": ""})

    assert response.status_code == 302
    assert response["Location"] == "/da/aktiviteter/maaned/2027-03/?maalgruppe=boern"


# --- all-day and daylight saving on the pages (#15) --------------------------------------------


def test_a_weekly_0230_activity_on_the_spring_night_shows_0330_to_0430_on_the_day_page_and_in_the_api(client, calendar):
    make_activity(
        calendar,
        title="Natcafé",
        starts_at=local(2027, 3, 21, 2, 30),
        ends_at=local(2027, 3, 21, 3, 30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 4),
    )

    html = html_of(client.get("/da/aktiviteter/dag/2027-03-28/"))
    item = client.get("/api/v2/occurrences/", {"start": "2027-03-28", "end": "2027-03-28"}).json()["items"][0]

    assert "03:30–04:30" in html
    assert "02:30" not in html
    assert (item["start"], item["end"]) == ("2027-03-28T03:30:00+02:00", "2027-03-28T04:30:00+02:00")
    assert "02:30–03:30" in html_of(client.get("/da/aktiviteter/dag/2027-04-04/"))


def all_day_meeting(day: date) -> CalendarEntry:
    # As safety_walks/calendar.py announces a follow-up meeting planned for a date without a time (in UTC,
    # as a time read from the database is).
    return CalendarEntry(
        uid=f"followupmeeting-{day:%m%d}@test",
        title="Opfølgningsmøde: Nordparken",
        start=local(day.year, day.month, day.day).astimezone(UTC),
        end=None,
        url="/tryghed/",
        kind="follow_up_meeting",
        all_day=True,
    )


def test_an_all_day_follow_up_meeting_is_the_whole_day_on_the_day_page_and_in_the_lists(client, calendar):
    spring_night = all_day_meeting(date(2027, 3, 28))  # a 23-hour day

    def entries(*, start, end, area_slugs):
        return [spring_night] if start < local(2027, 3, 29) and end > spring_night.start else []

    with hooks.register_temporarily(CALENDAR_HOOK, entries):
        on_the_day = html_of(client.get("/da/aktiviteter/dag/2027-03-28/"))
        the_day_after = html_of(client.get("/da/aktiviteter/dag/2027-03-29/"))
        month = html_of(client.get("/da/aktiviteter/maaned/2027-03/"))

    assert titles_in(on_the_day) == ["Opfølgningsmøde: Nordparken"]
    assert "Hele dagen" in on_the_day
    assert "00:00" not in on_the_day and "02:00" not in on_the_day
    assert titles_in(the_day_after) == []
    assert month.count("Opfølgningsmøde: Nordparken") == 1  # in one cell, with no time before it
    assert ">00:00<" not in month


def test_an_all_day_activity_is_the_whole_day_on_the_day_page_and_in_the_upcoming_list(client, calendar):
    day = timezone.localdate() + timedelta(days=3)
    make_activity(
        calendar,
        title="Loppemarked",
        starts_at=local(day.year, day.month, day.day, 10),
        ends_at=local(day.year, day.month, day.day, 14),
        all_day=True,
    )

    listed = html_of(client.get("/da/aktiviteter/"))
    on_the_day = html_of(client.get(f"/da/aktiviteter/dag/{day.isoformat()}/"))

    for html in (listed, on_the_day):
        assert titles_in(html) == ["Loppemarked"]
        assert "Hele dagen" in html
        assert "10:00" not in html and "00:00" not in html
