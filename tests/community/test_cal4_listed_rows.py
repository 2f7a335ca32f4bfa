"""Each stored occurrence carries the calendar that lists it (`listed_in`) while its activity is published, so
the upcoming list and the month read rows by calendar without joining the page tree. Every change that decides
whether a resident sees the activity keeps that right: unpublishing, publishing again, moving it to another
calendar, a view restriction added or removed on it or a page above it."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.choices import TargetGroupCode
from community.models import ActivityPage
from community.models.occurrences import StoredOccurrence
from tests.community.builders import bulk_activities, groups, local, make_activity, make_calendar

pytestmark = pytest.mark.django_db

TITLE = "Brætspilsaften på loftet"


def soon(days: int = 3):
    day = timezone.localdate() + timedelta(days=days)
    return local(day.year, day.month, day.day, 18)


def month_url(calendar, moment) -> str:
    return calendar.url + calendar.reverse_subpage("month", args=[f"{moment:%Y}", f"{moment:%m}"])


def shown(client, calendar, moment) -> tuple[bool, bool]:
    """Whether the title is in the upcoming list and in the month, each read on an uncached visit."""
    cache.clear()
    upcoming = client.get(calendar.url)
    cache.clear()
    month = client.get(month_url(calendar, moment))
    assert upcoming.status_code == month.status_code == 200
    return TITLE in upcoming.content.decode(), TITLE in month.content.decode()


def listed_in(activity) -> set:
    return set(StoredOccurrence.objects.filter(activity_id=activity.pk).values_list("listed_in", flat=True))


def test_rows_of_a_published_activity_name_its_calendar(calendar):
    activity = make_activity(calendar, title=TITLE, starts_at=soon())

    assert listed_in(activity) == {calendar.pk}


def test_an_unpublished_activity_leaves_the_list_and_the_month_and_comes_back_when_published_again(client, calendar):
    activity = make_activity(calendar, title=TITLE, starts_at=soon())
    assert shown(client, calendar, soon()) == (True, True)

    activity.unpublish()
    assert listed_in(activity) == {None}
    assert shown(client, calendar, soon()) == (False, False)

    ActivityPage.objects.get(pk=activity.pk).save_revision().publish()
    assert listed_in(activity) == {calendar.pk}
    assert shown(client, calendar, soon()) == (True, True)


def test_an_activity_moved_to_another_calendar_is_listed_there_only(client, calendar, home_page):
    other = make_calendar(parent=home_page, title="Klubben", slug="klubben")
    activity = make_activity(calendar, title=TITLE, starts_at=soon())

    ActivityPage.objects.get(pk=activity.pk).move(other, pos="last-child")

    assert listed_in(activity) == {other.pk}
    assert shown(client, calendar, soon()) == (False, False)
    assert shown(client, other, soon()) == (True, True)


def test_a_view_restriction_on_a_page_above_hides_the_activity_until_it_is_removed(client, calendar, staff_user):
    activity = make_activity(calendar, title=TITLE, starts_at=soon())
    client.force_login(staff_user)  # the restricted calendar itself is open to a signed-in user

    restriction = PageViewRestriction.objects.create(page=calendar, restriction_type=PageViewRestriction.LOGIN)
    assert listed_in(activity) == {None}
    assert shown(client, calendar, soon()) == (False, False)

    restriction.delete()
    assert listed_in(activity) == {calendar.pk}
    assert shown(client, calendar, soon()) == (True, True)


def test_a_view_restriction_on_the_activity_hides_it_until_it_is_removed(client, calendar):
    activity = make_activity(calendar, title=TITLE, starts_at=soon())

    restriction = PageViewRestriction.objects.create(page=activity, restriction_type=PageViewRestriction.LOGIN)
    assert shown(client, calendar, soon()) == (False, False)

    restriction.delete()
    assert shown(client, calendar, soon()) == (True, True)


def test_a_filtered_list_and_month_still_leave_out_an_unpublished_activity(client, calendar):
    children = groups(TargetGroupCode.CHILDREN)
    make_activity(calendar, title="Legestue", starts_at=soon(), target_groups=children)
    make_activity(calendar, title=TITLE, starts_at=soon(), target_groups=children).unpublish()

    for url in (calendar.url, month_url(calendar, soon())):
        cache.clear()
        html = client.get(url, {"maalgruppe": "boern"}).content.decode()
        assert "Legestue" in html
        assert TITLE not in html


def test_the_listing_kept_on_rows_is_what_the_calendar_lists(calendar, home_page):
    """The rule on the rows and the rule on the pages (calendar.activities()) choose the same rows."""
    other = make_calendar(parent=home_page, title="Klubben", slug="klubben")
    make_activity(calendar, starts_at=soon())
    make_activity(calendar, starts_at=soon(4)).unpublish()
    private = make_activity(calendar, starts_at=soon(5))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_activity(other, starts_at=soon(6))

    for each in (calendar, other):
        by_rows = set(StoredOccurrence.objects.listed_in(each).values_list("pk", flat=True))
        by_pages = set(StoredOccurrence.objects.of_activities(each.activities()).values_list("pk", flat=True))
        assert by_rows == by_pages
        assert by_rows


def test_the_migration_fills_the_listing_of_existing_rows(calendar):
    listed = make_activity(calendar, starts_at=soon())
    hidden = make_activity(calendar, starts_at=soon(4))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    StoredOccurrence.objects.update(listed_in=None)
    migration = importlib.import_module("community.migrations.0011_cal4_occurrence_listed_in")

    migration.fill_listed_in(apps, None)

    assert listed_in(listed) == {calendar.pk}
    assert listed_in(hidden) == {None}


@pytest.mark.parametrize("count", [20, 600])
def test_uncached_list_and_month_cost_the_same_queries_for_any_number(
    client, calendar, count, django_assert_max_num_queries
):
    first_day = timezone.localdate() + timedelta(days=1)
    bulk_activities(calendar, count, first_day=first_day)
    client.get(calendar.url)  # warm the per-process caches (content types, site root paths)

    for url in (calendar.url, month_url(calendar, first_day)):
        cache.clear()
        with django_assert_max_num_queries(19) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "Aktivitet 1<" in response.content.decode()
        # The rows are chosen by the calendar kept on them: no query on them looks at the page tree (paths).
        on_rows = [query["sql"] for query in captured.captured_queries if "community_storedoccurrence" in query["sql"]]
        assert on_rows
        assert not [sql for sql in on_rows if '."path"' in sql]
