"""The walk list as residents see it after #18's cheaper rendering: the filter's selects and the paging say the same
as before, and a walk in a private section gives no feed for its area."""

import re
from datetime import datetime

import pytest
from django import forms
from django.utils import timezone
from wagtail.models import PageViewRestriction

from estates.public_widgets import PublicHiddenInput, PublicSelect
from safety_walks import filters
from safety_walks.models import WalkPage
from safety_walks.statuses import ResponsibilityStatus as RS
from safety_walks.templatetags.boligsocial_following import feed_links
from tests.builders import make_area, make_organisation
from tests.safety_walks.builders import make_finding, make_walk, make_walk_index


def same_markup(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


class ChoiceForm(forms.Form):
    area = forms.ChoiceField(choices=[("", "Alle"), ("nord", "Nord & Syd"), ("vest", "Vest")], required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    walk = forms.IntegerField(required=False)


@pytest.mark.parametrize("data", [None, {"area": "vest", "kind": "b"}, {"area": "ukendt", "kind": ""}])
def test_the_public_widgets_write_what_djangos_widgets_write(data):
    plain, public = ChoiceForm(data), ChoiceForm(data)
    for name in ("area", "kind"):
        public.fields[name].widget = PublicSelect(choices=public.fields[name].choices)
    public.fields["walk"].widget, plain.fields["walk"].widget = PublicHiddenInput(), forms.HiddenInput()
    if data is not None:
        plain.is_valid(), public.is_valid()
    for name in ("area", "kind", "walk"):
        assert same_markup(public[name]) == same_markup(plain[name])


@pytest.mark.django_db
def test_the_list_pages_its_walks_and_counts_them_from_the_years(client, monkeypatch):
    monkeypatch.setattr(filters, "WALKS_PER_PAGE", 2)
    nord = make_area(name="Nord")
    for year, month in [(2024, 3), (2025, 4), (2025, 9)]:
        make_walk(title=f"Vandring {year}-{month}", walk_date=timezone.make_aware(datetime(year, month, 1, 17)))
    make_walk(title="Vandring i Nord", areas=[nord], walk_date=timezone.make_aware(datetime(2023, 5, 1, 17)))
    url = make_walk_index().url

    first = client.get(url).content.decode()
    assert first.count('class="bs-card"') == 2
    assert "Ældre vandringer" in first
    last = client.get(url, {"side": 2}).content.decode()
    assert last.count('class="bs-card"') == 2
    assert "side=3" not in last

    one_year = client.get(url, {"aar": 2025}).content.decode()
    assert one_year.count('class="bs-card"') == 2
    assert "side=2" not in one_year
    assert '<option value="2025" selected>2025</option>' in one_year

    in_area = client.get(url, {"omraade": nord.slug}).content.decode()
    assert in_area.count('class="bs-card"') == 1
    assert f'<option value="{nord.slug}" selected>Nord</option>' in in_area
    assert "Nord" in in_area.split('class="bs-card"')[1]

    unknown = client.get(url, {"aar": 1999}).content.decode()
    assert 'aria-invalid="true"' in unknown
    assert unknown.count('class="bs-card"') == 2  # the list still shows, all years


@pytest.mark.django_db
def test_a_walk_in_a_private_section_gives_no_feed_for_its_area():
    open_area, closed_area = make_area(name="Åbent område"), make_area(name="Lukket område")
    make_walk(areas=[open_area])
    restricted = make_walk(areas=[closed_area])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    index = WalkPage.objects.get(pk=restricted.pk).get_parent().specific
    assert [title for title, _ in feed_links(index)] == ["Åbent område"]


@pytest.mark.django_db
def test_a_walk_card_says_its_areas_date_and_progress(client):
    police = make_organisation(name="Politiet")
    walk = make_walk(
        title="Vandring <om aftenen>",
        areas=[make_area(name="Nord & Syd"), make_area(name="Vest")],
        walk_date=timezone.make_aware(datetime(2025, 3, 4, 17)),
    )
    make_finding(walk, responsibilities=[(police, RS.RESOLVED, 30)])
    make_finding(walk, responsibilities=[(police, RS.IN_PROGRESS, 30)])
    html = same_markup(client.get(make_walk_index().url).content.decode())
    assert f'<h2><a href="{walk.url}">Vandring &lt;om aftenen&gt;</a></h2>' in html
    assert '<time datetime="2025-03-04T17:00:00+01:00">4. marts 2025</time> · Nord &amp; Syd, Vest</p>' in html
    assert (
        '<p>1 af 2 løst</p><progress class="bs-progress" max="2" value="1" aria-label="1 af 2 løst"></progress>' in html
    )
