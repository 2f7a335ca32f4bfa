"""Dates and times read as each language writes them: Danish as the pages always had it, English, Arabic and
Somali in their own form (issue #17)."""

import re
from datetime import UTC, date, datetime, time

import pytest
from django.template import Context, Template
from django.urls import translate_url
from django.utils import timezone, translation

from community import describe
from estates.templatetags.boligsocial_dates import WEEKDAY_DATE_FORMAT, format_date
from safety_walks.templatetags.walk_planning_tags import when
from tests.safety_walks.builders import make_walk

APRIL_30 = date(2026, 4, 30)


def in_template(value, name: str, language: str) -> str:
    with translation.override(language):
        template = Template('{% load boligsocial_dates %}{{ value|local_date:"' + name + '" }}')
        return template.render(Context({"value": value}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "30. april 2026"),
        ("en", "April 30, 2026"),
        ("ar", "30 إبريل، 2026"),
    ],
)
def test_a_date_reads_as_its_language_writes_it(language, expected):
    assert in_template(APRIL_30, "DATE_FORMAT", language) == expected


def test_somali_has_day_month_year_and_never_the_danish_month():
    # Django has no Somali formats nor month names: the month comes from the plugin's Somali catalogue, or
    # in English without one, never from the site's default language.
    assert re.fullmatch(r"30 [A-Z][a-z]+ 2026", in_template(APRIL_30, "DATE_FORMAT", "so"))
    evening = datetime(2026, 4, 30, 17, 0)
    assert re.fullmatch(r"30 [A-Z][a-z]+ 2026, 17:00", in_template(evening, "DATETIME_FORMAT", "so"))


def test_danish_dates_and_times_read_as_the_pages_always_did():
    moment = timezone.make_aware(datetime(2026, 4, 30, 17, 5))
    assert in_template(moment, "DATETIME_FORMAT", "da") == "30. april 2026, 17:05"
    assert in_template(moment, "SHORT_DATETIME_FORMAT", "da") == "30.04.2026 17:05"
    assert in_template(APRIL_30, "SHORT_DATE_FORMAT", "da") == "30.04.2026"
    assert in_template(APRIL_30, "MONTH_DAY_FORMAT", "da") == "30. april"
    assert in_template(APRIL_30, "YEAR_MONTH_FORMAT", "da") == "april 2026"
    assert in_template(time(9, 30), "TIME_FORMAT", "da") == "09:30"


def test_a_time_follows_the_language_and_the_sites_time_zone():
    moment = datetime(2026, 4, 30, 15, 0, tzinfo=UTC)  # 17:00 in Copenhagen
    assert in_template(moment, "DATETIME_FORMAT", "en") == "April 30, 2026, 5 p.m."
    # Django's Arabic formats have no date and time of their own: the plugin's, not the English fallback.
    assert in_template(moment, "DATETIME_FORMAT", "ar") == "30 إبريل، 2026، 5:00 م"


def test_a_day_with_its_weekday():
    with translation.override("da"):
        assert describe.full_date(APRIL_30) == "torsdag 30. april 2026"
        assert format_date(APRIL_30, WEEKDAY_DATE_FORMAT) == "torsdag 30. april 2026"
    with translation.override("en"):
        assert describe.full_date(APRIL_30) == "Thursday, April 30, 2026"
    with translation.override("ar"):
        assert describe.full_date(APRIL_30) == "الخميس، 30 إبريل، 2026"


def test_a_planned_walk_names_its_day_in_the_readers_language():
    with translation.override("da"):
        assert when(APRIL_30, time(17, 0), time(19, 0)).startswith("torsdag 30. april 2026")
    with translation.override("en"):
        assert when(APRIL_30, time(17, 0), time(19, 0)).startswith("Thursday, April 30, 2026")


def test_nothing_to_show_for_no_date():
    assert in_template(None, "DATE_FORMAT", "en") == ""
    assert in_template("not a date", "DATE_FORMAT", "en") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "30. april 2026, 17:00"),
        ("en", "April 30, 2026, 5 p.m."),
        ("ar", "30 إبريل، 2026، 5:00 م"),
    ],
)
def test_the_walk_page_shows_its_date_in_the_pages_language(client, language, expected):
    walk = make_walk(walk_date=timezone.make_aware(datetime(2026, 4, 30, 17, 0)))
    url = translate_url(walk.url, language)
    with translation.override(translation.get_language()):  # the request activates its language in this thread
        response = client.get(url, headers={"accept-language": language})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert expected in html
