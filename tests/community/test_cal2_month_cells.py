"""The month table's cells (written in Python, community.views._cell_html): what a resident reads in a cell."""

import pytest

from community.choices import ActivityStatus
from tests.community.builders import local, make_activity

pytestmark = pytest.mark.django_db


def test_a_cancelled_activity_is_marked_in_its_month_cell_and_its_title_is_escaped(client, calendar):
    make_activity(calendar, title="Banko & <kaffe>", starts_at=local(2027, 3, 16, 17), status=ActivityStatus.CANCELLED)
    make_activity(calendar, title="Strikkeklub", starts_at=local(2027, 3, 17, 18))

    html = client.get("/da/aktiviteter/maaned/2027-03/").content.decode()

    cancelled = html.split('datetime="2027-03-16"', 1)[1].split("</td>", 1)[0]
    assert 'class="bs-occurrence--cancelled"' in cancelled
    assert "17:00</span> Banko &amp; &lt;kaffe&gt;</a>" in cancelled
    assert '<span class="bs-status bs-status--cancelled">Aflyst</span>' in cancelled
    held = html.split('datetime="2027-03-17"', 1)[1].split("</td>", 1)[0]
    assert "18:00</span> Strikkeklub</a></li>" in held
    assert "bs-status" not in held
    assert '<span class="bs-visually-hidden">, 1 aktivitet</span>' in held
