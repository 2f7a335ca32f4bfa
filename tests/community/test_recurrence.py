"""Recurrence: activities expand into occurrences at the same local wall-clock time, with exceptions applied."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from community import describe
from community.choices import ActivityStatus, ExceptionAction, Recurrence
from community.models import ActivityPage, OccurrenceException
from community.models.occurrences import StoredOccurrence
from community.recurrence import expand, series_bounds
from tests.community.builders import local, make_activity

# Expansion itself is pure Python; building an unsaved Wagtail page looks up its content type once.
pytestmark = pytest.mark.django_db


def activity(start, end, *, exceptions=(), **kwargs) -> ActivityPage:
    """An unsaved activity: expansion is pure Python and needs no database."""
    page = ActivityPage(title="Lektiecafé", starts_at=start, ends_at=end, place_name="Beboerhuset", **kwargs)
    page.occurrence_exceptions = [OccurrenceException(**exception) for exception in exceptions]
    return page


def starts(occurrences) -> list[datetime]:
    return [occurrence.start for occurrence in occurrences]


def test_weekly_activity_keeps_its_local_time_across_the_spring_daylight_saving_change():
    cafe = activity(
        local(2027, 3, 16, 17),
        local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 6),
    )

    found = expand([cafe], start=local(2027, 3, 1), end=local(2027, 5, 1))

    assert [o.local_start.strftime("%Y-%m-%d %H:%M") for o in found] == [
        "2027-03-16 17:00",
        "2027-03-23 17:00",
        "2027-03-30 17:00",
        "2027-04-06 17:00",
    ]
    # Before the change (28 March) 17:00 is 16:00 UTC, after it 15:00 UTC: the wall clock wins.
    assert found[1].start.astimezone(UTC).hour == 16
    assert found[2].start.astimezone(UTC).hour == 15
    assert all(o.end - o.start == timedelta(hours=2) for o in found)


def test_weekly_activity_keeps_its_local_time_across_the_autumn_daylight_saving_change():
    cafe = activity(
        local(2026, 10, 20, 17),
        local(2026, 10, 20, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 11, 3),
    )

    found = expand([cafe], start=local(2026, 10, 1), end=local(2026, 12, 1))

    assert [o.local_start.hour for o in found] == [17, 17, 17]
    assert [o.start.astimezone(UTC).hour for o in found] == [15, 16, 16]


def test_every_other_week_skips_a_week():
    dinner = activity(
        local(2026, 11, 4, 17, 30),
        local(2026, 11, 4, 19, 30),
        recurrence=Recurrence.EVERY_OTHER_WEEK,
        recurrence_until=date(2026, 12, 31),
    )

    found = expand([dinner], start=local(2026, 11, 1), end=local(2027, 1, 1))

    assert [o.first_day for o in found] == [
        date(2026, 11, 4),
        date(2026, 11, 18),
        date(2026, 12, 2),
        date(2026, 12, 16),
        date(2026, 12, 30),
    ]


def test_monthly_activity_falls_on_the_same_weekday_of_the_month():
    # 10 December 2026 is the second Thursday of the month.
    afternoon = activity(
        local(2026, 12, 10, 14),
        local(2026, 12, 10, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 3, 31),
    )

    found = expand([afternoon], start=local(2026, 12, 1), end=local(2027, 4, 1))

    assert [o.first_day for o in found] == [date(2026, 12, 10), date(2027, 1, 14), date(2027, 2, 11), date(2027, 3, 11)]
    assert all(o.first_day.weekday() == 3 for o in found)


def test_monthly_activity_on_a_fifth_weekday_falls_on_the_last_one():
    # 29 December 2026 is the fifth Tuesday; February 2027 has only four.
    afternoon = activity(
        local(2026, 12, 29, 14),
        local(2026, 12, 29, 16),
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        recurrence_until=date(2027, 2, 28),
    )

    found = expand([afternoon], start=local(2026, 12, 1), end=local(2027, 3, 1))

    assert [o.first_day for o in found] == [date(2026, 12, 29), date(2027, 1, 26), date(2027, 2, 23)]


def test_the_end_date_of_a_recurrence_is_the_last_possible_day():
    cafe = activity(
        local(2026, 11, 3, 17),
        local(2026, 11, 3, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 11, 17),
    )

    found = expand([cafe], start=local(2026, 11, 1), end=local(2027, 1, 1))

    assert [o.first_day for o in found] == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]


def test_a_cancelled_occurrence_is_kept_and_flagged_the_others_are_not():
    cafe = activity(
        local(2027, 3, 16, 17),
        local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 6),
        exceptions=[{"occurrence_date": date(2027, 3, 30), "action": ExceptionAction.CANCELLED, "note": "Påske"}],
    )

    found = expand([cafe], start=local(2027, 3, 1), end=local(2027, 5, 1))

    assert [(o.first_day, o.cancelled) for o in found] == [
        (date(2027, 3, 16), False),
        (date(2027, 3, 23), False),
        (date(2027, 3, 30), True),
        (date(2027, 4, 6), False),
    ]
    assert found[2].note == "Påske"


def test_a_moved_occurrence_happens_at_its_new_time_and_not_at_its_old_one_across_daylight_saving():
    cafe = activity(
        local(2027, 3, 16, 17),
        local(2027, 3, 16, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 6),
        exceptions=[
            {
                "occurrence_date": date(2027, 3, 23),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2027, 3, 29, 10),
                "note": "Flyttet til mandag",
            }
        ],
    )

    found = expand([cafe], start=local(2027, 3, 1), end=local(2027, 5, 1))

    assert starts(found) == [
        local(2027, 3, 16, 17),
        local(2027, 3, 29, 10),
        local(2027, 3, 30, 17),
        local(2027, 4, 6, 17),
    ]
    moved = found[1]
    assert moved.moved_from == local(2027, 3, 23, 17)
    assert moved.recurrence_id == local(2027, 3, 23, 17)
    # The moved occurrence keeps the usual two hours when no new end is given.
    assert moved.local_end.hour == 12


def test_an_occurrence_moved_into_the_window_from_outside_it_is_found():
    cafe = activity(
        local(2026, 11, 3, 17),
        local(2026, 11, 3, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 12, 29),
        exceptions=[
            {
                "occurrence_date": date(2026, 12, 1),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2026, 11, 25, 17),
                "new_ends_at": local(2026, 11, 25, 18),
            }
        ],
    )

    found = expand([cafe], start=local(2026, 11, 25), end=local(2026, 11, 26))

    assert len(found) == 1
    assert found[0].start == local(2026, 11, 25, 17)
    assert found[0].end == local(2026, 11, 25, 18)


def test_an_exception_for_a_date_the_activity_does_not_have_changes_nothing():
    cafe = activity(
        local(2026, 11, 3, 17),
        local(2026, 11, 3, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 11, 17),
        exceptions=[
            {
                "occurrence_date": date(2026, 11, 4),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2026, 11, 6, 17),
            }
        ],
    )

    found = expand([cafe], start=local(2026, 11, 1), end=local(2026, 12, 1))

    assert [o.first_day for o in found] == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]


def test_a_cancelled_activity_has_every_occurrence_flagged():
    cancelled = activity(
        local(2026, 11, 3, 17),
        local(2026, 11, 3, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 11, 17),
        status=ActivityStatus.CANCELLED,
    )

    found = expand([cancelled], start=local(2026, 11, 1), end=local(2026, 12, 1))

    assert len(found) == 3
    assert all(o.cancelled for o in found)


def test_an_all_day_multi_day_activity_covers_every_day_it_lasts():
    party = activity(local(2027, 6, 18, 15), local(2027, 6, 20, 11), all_day=True)

    (occurrence,) = expand([party], start=local(2027, 6, 1), end=local(2027, 7, 1))

    assert occurrence.all_day
    assert occurrence.start == local(2027, 6, 18)
    assert occurrence.end == local(2027, 6, 21)
    assert occurrence.days == [date(2027, 6, 18), date(2027, 6, 19), date(2027, 6, 20)]


def test_an_occurrence_that_is_still_going_on_overlaps_the_window():
    party = activity(local(2026, 11, 27, 20), local(2026, 11, 28, 2))

    assert len(expand([party], start=local(2026, 11, 28, 1), end=local(2026, 11, 29))) == 1
    assert expand([party], start=local(2026, 11, 28, 2), end=local(2026, 11, 29)) == []


def test_series_bounds_reach_from_the_first_to_the_last_occurrence_including_a_later_move():
    cafe = activity(
        local(2026, 11, 3, 17),
        local(2026, 11, 3, 19),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 11, 17),
        exceptions=[
            {
                "occurrence_date": date(2026, 11, 17),
                "action": ExceptionAction.MOVED,
                "new_starts_at": local(2026, 11, 20, 17),
            }
        ],
    )

    assert series_bounds(cafe) == (local(2026, 11, 3, 17), local(2026, 11, 20, 19))


def test_occurrences_of_several_activities_come_in_time_order():
    late = activity(local(2026, 11, 3, 19), local(2026, 11, 3, 20))
    early = activity(local(2026, 11, 3, 9), local(2026, 11, 3, 10))

    assert starts(expand([late, early], start=local(2026, 11, 1), end=local(2026, 12, 1))) == [
        local(2026, 11, 3, 9),
        local(2026, 11, 3, 19),
    ]


# --- daylight saving as RFC 5545 says (3.3.5, 3.8.5.3) ---------------------------------------


def test_a_weekly_0230_activity_on_the_spring_night_is_at_0330_for_its_usual_hour():
    night_club = activity(
        local(2027, 3, 21, 2, 30),
        local(2027, 3, 21, 3, 30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 4, 4),
    )

    found = expand([night_club], start=local(2027, 3, 1), end=local(2027, 5, 1))

    assert [(o.local_start.strftime("%d %H:%M %z"), o.local_end.strftime("%H:%M %z")) for o in found] == [
        ("21 02:30 +0100", "03:30 +0100"),
        ("28 03:30 +0200", "04:30 +0200"),  # 02:30 does not exist that night: the offset before the gap
        ("04 02:30 +0200", "03:30 +0200"),
    ]
    assert all(o.end - o.start == timedelta(hours=1) for o in found)


def test_the_repeated_autumn_hour_is_the_first_of_the_two():
    night_club = activity(
        local(2027, 10, 24, 2, 30),
        local(2027, 10, 24, 3, 30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 10, 31),
    )

    found = expand([night_club], start=local(2027, 10, 1), end=local(2027, 12, 1))

    last = found[-1]
    assert last.local_start.strftime("%d %H:%M %z") == "31 02:30 +0200"  # summer time, still before the change
    assert last.start.astimezone(UTC).strftime("%H:%M") == "00:30"
    # An hour later it is 02:30 again, in winter time. (Aware times of one zone subtract as wall-clock
    # times in Python, so the exact length is measured in UTC.)
    assert last.local_end.strftime("%H:%M %z") == "02:30 +0100"
    assert last.end.astimezone(UTC) - last.start.astimezone(UTC) == timedelta(hours=1)


def test_a_stored_spring_night_occurrence_is_the_same_as_the_expanded_one(calendar):
    night_club = make_activity(
        calendar,
        starts_at=local(2027, 3, 21, 2, 30),
        ends_at=local(2027, 3, 21, 3, 30),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2027, 3, 28),
    )

    stored = StoredOccurrence.objects.filter(activity=night_club).order_by("start").last()

    assert (stored.start, stored.end) == (
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 2, 30, tzinfo=UTC),
    )
    assert stored.first_day == stored.last_day == date(2027, 3, 28)


# --- more repeat rules ------------------------------------------------------------------------


def test_every_third_week_skips_two_weeks_and_says_so_in_danish():
    choir = activity(
        local(2026, 11, 3, 19),
        local(2026, 11, 3, 21),
        recurrence=Recurrence.EVERY_N_WEEKS,
        recurrence_interval=3,
        recurrence_until=date(2026, 12, 31),
    )

    found = expand([choir], start=local(2026, 11, 1), end=local(2027, 1, 1))

    assert [o.first_day for o in found] == [date(2026, 11, 3), date(2026, 11, 24), date(2026, 12, 15)]
    with translation.override("da"):
        assert describe.repetition(choir) == "Hver 3. tirsdag, indtil 31. december 2026"


def test_monthly_by_date_is_on_the_same_date_every_month_and_says_so_in_danish():
    advice = activity(
        local(2027, 1, 15, 10),
        local(2027, 1, 15, 12),
        recurrence=Recurrence.MONTHLY_DATE,
        recurrence_until=date(2027, 4, 30),
    )

    found = expand([advice], start=local(2027, 1, 1), end=local(2027, 6, 1))

    assert [o.first_day for o in found] == [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15), date(2027, 4, 15)]
    assert {o.local_start.hour for o in found} == {10}  # across the spring change too
    with translation.override("da"):
        assert describe.repetition(advice) == "Hver måned den 15., indtil 30. april 2027"
