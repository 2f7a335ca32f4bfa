"""Staff find activities in the admin as residents filter the calendar: by housing area, target group, theme
and across generations (a WagtailFilterSet on Wagtail's flat page listing)."""

import pytest

from community.activity_listing import ActivityPageFilterSet
from community.choices import TargetGroupCode
from community.models import ActivityPage
from tests.builders import make_area
from tests.community.builders import groups, make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.community.urls_activity_listing")]

URL = "/admin/community/activities/"


@pytest.fixture
def activities(calendar):
    north = make_area(name="Nordparken", slug="nordparken")
    make_activity(calendar, title="Lektiecafé", areas=[north], target_groups=groups(TargetGroupCode.CHILDREN))
    make_activity(
        calendar,
        title="Unge møder ældre",
        areas=[make_area(name="Sydhaven", slug="sydhaven")],
        target_groups=groups(TargetGroupCode.YOUTH, TargetGroupCode.ELDERLY),
    )
    make_activity(calendar, title="Fællesspisning", theme="mad")


def listed(admin_client, **query) -> list[str]:
    response = admin_client.get(URL, query)
    assert response.status_code == 200
    return sorted(page.title for page in response.context["pages"])


def test_staff_filter_every_activity_by_area_target_group_theme_and_across_generations(admin_client, activities):
    assert listed(admin_client) == ["Fællesspisning", "Lektiecafé", "Unge møder ældre"]
    assert listed(admin_client, area="nordparken") == ["Fællesspisning", "Lektiecafé"]  # the whole estate's too
    assert listed(admin_client, target_group="boern") == ["Fællesspisning", "Lektiecafé"]
    assert listed(admin_client, theme="mad") == ["Fællesspisning"]
    assert listed(admin_client, across_generations="true") == ["Unge møder ældre"]
    assert listed(admin_client, across_generations="false", area="nordparken") == ["Fællesspisning", "Lektiecafé"]


def test_the_listing_shows_the_filters_in_danish_and_an_unknown_value_filters_nothing_away(admin_client, activities):
    response = admin_client.get(URL, {"area": "atlantis"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Boligområde" in html and "På tværs af generationer" in html
    assert sorted(page.title for page in response.context["pages"]) == [
        "Fællesspisning",
        "Lektiecafé",
        "Unge møder ældre",
    ]


def test_the_filterset_alone_narrows_a_queryset_of_activities(activities):
    chosen = ActivityPageFilterSet({"across_generations": "true"}, queryset=ActivityPage.objects.all()).qs

    assert [page.title for page in chosen] == ["Unge møder ældre"]
