"""The upcoming list's day sections (community.cards.CardWriter.days) and its filter form's options
(community.filter_form), written in Python: what a reader sees of them, in Danish and English."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.choices import TargetGroupCode
from estates.models import HousingArea
from tests.community.builders import groups, make_activity

pytestmark = pytest.mark.django_db


def _day_sections(html: str) -> list[str]:
    return html.split('<section class="bs-calendar-day"')[1:]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_list_shows_each_day_once_with_its_activities_under_it(client, calendar, language):
    first = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=2)
    second = first + timedelta(days=1)
    make_activity(calendar, title="Kaffe", starts_at=first, ends_at=first + timedelta(hours=2))
    make_activity(calendar, title="Strik", starts_at=first, ends_at=first + timedelta(hours=2))
    make_activity(calendar, title="Banko", starts_at=second, ends_at=second + timedelta(hours=2))

    html = client.get(f"/{language}/aktiviteter/").content.decode()

    sections = _day_sections(html)
    assert len(sections) == 2
    for section, day, titles in ((sections[0], first, ("Kaffe", "Strik")), (sections[1], second, ("Banko",))):
        iso = day.date().isoformat()
        assert section.startswith(f' aria-labelledby="day-{iso}">\n            <h3 id="day-{iso}">')
        assert f'<time datetime="{iso}">' in section
        assert section.count('<li class="bs-card bs-occurrence') == len(titles)
        assert all(f">{title}</a></h4>" in section for title in titles)
        assert section.count("12:00–14:00") == len(titles)  # each card its own time, though the text is shared
    assert "Banko" not in sections[0]


def test_the_filter_form_keeps_the_choices_made_and_writes_names_as_text(client, calendar):
    HousingArea.objects.create(name="Nord & Syd <parken>", slug="nord")
    HousingArea.objects.create(name="Vestervang", slug="vest")
    soon = timezone.now() + timedelta(days=1)
    make_activity(calendar, title="Legestue", starts_at=soon, target_groups=groups(TargetGroupCode.CHILDREN))

    html = client.get("/da/aktiviteter/", {"omraade": "nord", "maalgruppe": "boern"}).content.decode()

    assert '<option value="nord" selected>Nord &amp; Syd &lt;parken&gt;</option>' in html
    assert '<option value="vest">Vestervang</option>' in html
    assert '<option value="boern" selected>Børn</option>' in html
    assert html.count(" selected>") == 2  # the area and the target group; no theme chosen
