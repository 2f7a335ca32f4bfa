"""The month's cells count what happens on each day, whatever the activity spans."""

import re

import pytest

from tests.community.builders import local, make_activity

pytestmark = pytest.mark.django_db


def cell(html: str, day: str) -> str:
    return re.search(rf'<time datetime="{day}">.*?</td>', html, re.S).group(0)


def test_a_cell_counts_an_activity_on_every_day_it_spans_and_shows_its_time_only_on_the_first(client, calendar):
    make_activity(calendar, title="Sommerlejr", starts_at=local(2027, 3, 10, 18), ends_at=local(2027, 3, 12, 12))
    make_activity(calendar, title="Lektiecafé", starts_at=local(2027, 3, 11, 16), ends_at=local(2027, 3, 11, 18))

    html = client.get(calendar.url + calendar.reverse_subpage("month", args=["2027", "03"])).content.decode()

    first, second, last = (cell(html, f"2027-03-{day}") for day in (10, 11, 12))
    assert '<span aria-hidden="true">1</span>' in first and "1 aktivitet<" in first
    assert '<span aria-hidden="true">2</span>' in second and "2 aktiviteter<" in second
    assert '<span aria-hidden="true">1</span>' in last
    assert '<span class="bs-month__time">18:00</span> Sommerlejr' in first
    assert ">Sommerlejr</a>" in second and '<span class="bs-month__time">16:00</span> Lektiecafé' in second
    assert "bs-month__badge" not in cell(html, "2027-03-13")
