"""Occurrences as data: each activity's occurrences are rows, kept in step with what staff publish, and the
calendar's lists read them (counted and sliced in the database, meetings merged in at their place)."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.tasks import async_task
from wagtail import hooks

from community import occurrences
from community.choices import ExceptionAction, Recurrence
from community.models import ActivityPage, OccurrenceException
from community.models import occurrences as stored
from community.models.occurrences import StoredOccurrence
from community.recurrence import Window
from estates.calendar import CALENDAR_HOOK, CalendarEntry
from tests.community.builders import bulk_activities, local, make_activity
from tests.community.test_editing import activity_form, add_url

pytestmark = pytest.mark.django_db


def rows_of(activity) -> list[tuple]:
    return [
        (row.start, row.cancelled, row.moved_from, row.note)
        for row in StoredOccurrence.objects.filter(activity_id=activity.pk).order_by("start")
    ]


def starts_of(activity) -> list[datetime]:
    return [start for start, *_rest in rows_of(activity)]


def test_publishing_in_the_editor_stores_every_occurrence_with_its_cancelled_and_moved_dates(
    client, staff_user, calendar
):
    client.force_login(staff_user)

    response = client.post(
        add_url(calendar),
        {
            **activity_form(
                recurrence_until="2027-04-06",
                exceptions=[
                    {"occurrence_date": "2027-03-23", "action": "cancelled", "note": "Påske"},
                    {"occurrence_date": "2027-03-30", "action": "moved", "new_starts_at": "2027-03-31 17:00"},
                ],
            ),
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302
    activity = ActivityPage.objects.get(slug="lektiecafe")
    assert rows_of(activity) == [
        (local(2027, 3, 16, 17), False, None, ""),
        (local(2027, 3, 23, 17), True, None, "Påske"),
        (local(2027, 3, 31, 17), False, local(2027, 3, 30, 17), ""),
        (local(2027, 4, 6, 17), False, None, ""),
    ]


def test_a_saved_draft_keeps_the_published_dates_until_it_is_published(client, staff_user, calendar):
    client.force_login(staff_user)
    activity = make_activity(
        calendar,
        starts_at=local(2027, 3, 16, 17),
        ends_at=local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 3, 30),
    )
    edit_url = f"/admin/pages/{activity.pk}/edit/"
    later = activity_form(
        title=activity.title, slug=activity.slug, starts_at="2027-03-17 18:00", ends_at="2027-03-17 20:00"
    )
    later["recurrence_until"] = "2027-03-31"

    assert client.post(edit_url, later).status_code == 302  # save draft
    assert starts_of(activity) == [local(2027, 3, 16, 17), local(2027, 3, 23, 17), local(2027, 3, 30, 17)]

    assert client.post(edit_url, {**later, "action-publish": "publish"}).status_code == 302
    assert starts_of(activity) == [local(2027, 3, 17, 18), local(2027, 3, 24, 18), local(2027, 3, 31, 18)]


def test_an_unpublished_activity_leaves_the_calendar_and_a_deleted_one_takes_its_rows(client, staff_user, calendar):
    client.force_login(staff_user)
    activity = make_activity(calendar, title="Strikkeklub", starts_at=local(2027, 3, 16, 17))
    assert "Strikkeklub" in client.get("/da/aktiviteter/dag/2027-03-16/").content.decode()

    client.post(f"/admin/pages/{activity.pk}/unpublish/")

    assert "Strikkeklub" not in client.get("/da/aktiviteter/dag/2027-03-16/").content.decode()
    client.post(f"/admin/pages/{activity.pk}/delete/")
    assert not ActivityPage.objects.filter(pk=activity.pk).exists()
    assert not StoredOccurrence.objects.filter(activity_id=activity.pk).exists()


def test_an_occurrence_cancelled_outside_the_editor_is_stored_once_the_change_is_committed(
    calendar, django_capture_on_commit_callbacks
):
    activity = make_activity(
        calendar,
        starts_at=local(2027, 3, 16, 17),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 3, 30),
    )

    with django_capture_on_commit_callbacks(execute=True):
        OccurrenceException.objects.create(
            page=activity, occurrence_date=date(2027, 3, 23), action=ExceptionAction.CANCELLED, note="Sygdom"
        )

    assert rows_of(activity)[1] == (local(2027, 3, 23, 17), True, None, "Sygdom")

    with django_capture_on_commit_callbacks(execute=True):
        OccurrenceException.objects.filter(page=activity).delete()

    assert [cancelled for _start, cancelled, *_rest in rows_of(activity)] == [False, False, False]


def test_a_long_series_is_stored_up_to_the_horizon_and_extended_by_the_nightly_task(calendar, monkeypatch):
    monkeypatch.setattr(stored, "HORIZON_DAYS", 30)
    today = timezone.localdate()
    first = today + timedelta(days=1)
    activity = make_activity(
        calendar,
        starts_at=local(first.year, first.month, first.day, 17),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=first + timedelta(weeks=20),
    )
    assert len(starts_of(activity)) == 5  # the next 30 days

    monkeypatch.setattr(stored, "HORIZON_DAYS", 60)
    async_task("community.tasks.extend_stored_occurrences")  # django-q2 runs it at once in the tests

    assert len(starts_of(activity)) == 9
    assert call_command("store_occurrences") is None


def test_activities_without_rows_get_them_from_the_command_migrate_runs(calendar):
    activity = make_activity(calendar, starts_at=local(2027, 3, 16, 17))
    StoredOccurrence.objects.all().delete()

    call_command("store_occurrences")

    assert starts_of(activity) == [local(2027, 3, 16, 17)]


def test_activities_loaded_in_bulk_are_stored_as_they_arrive(calendar):
    bulk_activities(calendar, 10, first_day=date(2027, 3, 1), recurring_every=5)

    # Eight singles, and two that repeat weekly until 26 April: from 1 March (nine dates) and 6 March (eight).
    assert StoredOccurrence.objects.count() == 8 + 9 + 8


def meeting(start, **kwargs) -> CalendarEntry:
    return CalendarEntry(
        uid=f"meeting-{start:%d%H}@test",
        title=kwargs.pop("title", "Opfølgningsmøde"),
        start=start,
        end=None,
        url="/tryghed/",
        kind="follow_up_meeting",
        **kwargs,
    )


def test_a_page_of_the_list_is_the_same_slice_as_the_whole_list_with_meetings_merged_in(calendar):
    for day in range(1, 8):
        make_activity(calendar, title=f"Aktivitet {day}", starts_at=local(2027, 3, day, 10 + day % 3))
    entries = [meeting(local(2027, 3, 1, 9)), meeting(local(2027, 3, 4, 11)), meeting(local(2027, 3, 9, 9))]
    window = Window.of_days(date(2027, 3, 1), date(2027, 3, 31))

    with hooks.register_temporarily(CALENDAR_HOOK, lambda **kwargs: entries):
        everything = occurrences.calendar_occurrences(calendar.activities(), window)
        total = occurrences.count_occurrences(calendar.activities(), window)
        pages = {
            (offset, limit): occurrences.calendar_occurrences(calendar.activities(), window, offset=offset, limit=limit)
            for offset in range(0, 11)
            for limit in (1, 3, 4)
        }
        backwards = occurrences.OccurrenceList(calendar.activities(), window, newest_first=True)[2:6]

    assert total == len(everything) == 10
    assert [o.start for o in everything] == sorted(o.start for o in everything)
    assert everything[0].kind == "follow_up_meeting" and everything[-1].kind == "follow_up_meeting"
    for (offset, limit), page in pages.items():
        assert [o.uid + o.start.isoformat() for o in page] == [
            o.uid + o.start.isoformat() for o in everything[offset : offset + limit]
        ], (offset, limit)
    assert [o.start for o in backwards] == [o.start for o in list(reversed(everything))[2:6]]


def test_each_occurrence_carries_its_activitys_id(calendar):
    activity = make_activity(calendar, starts_at=local(2027, 3, 16, 17))

    found = occurrences.calendar_occurrences(
        calendar.activities(), Window.of_days(date(2027, 3, 16), date(2027, 3, 16))
    )

    assert [(o.activity_id, o.activity.pk) for o in found] == [(activity.pk, activity.pk)]


def test_the_months_kept_table_changes_as_soon_as_an_activity_is_published_changed_or_deleted(
    client, staff_user, calendar
):
    first = make_activity(calendar, title="Strikkeklub", starts_at=local(2027, 3, 16, 17))
    assert "Strikkeklub" in client.get("/da/aktiviteter/maaned/2027-03/").content.decode()

    make_activity(calendar, title="Fællesspisning", starts_at=local(2027, 3, 17, 18))
    assert "Fællesspisning" in client.get("/da/aktiviteter/maaned/2027-03/").content.decode()

    first.starts_at, first.ends_at = local(2027, 4, 16, 17), local(2027, 4, 16, 19)
    first.save_revision().publish()
    assert "Strikkeklub" not in client.get("/da/aktiviteter/maaned/2027-03/").content.decode()
    assert "Strikkeklub" in client.get("/da/aktiviteter/maaned/2027-04/").content.decode()

    client.force_login(staff_user)
    client.post(f"/admin/pages/{first.pk}/delete/")
    client.logout()
    assert "Strikkeklub" not in client.get("/da/aktiviteter/maaned/2027-04/").content.decode()
