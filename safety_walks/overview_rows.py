"""The rows of staff's dashboard panel "what needs chasing" (safety_walks.panels.StaffOverviewPanel), as SQL.

The panel is on every visit to the admin's home page. Building its two queries with Django's expressions cost
more than running them (issue #18), so they are written here by hand, once per process, with Django's table and
column names: the statements the querysets below give, with the day (and the default locale, the number of
rows) as parameters.

- the overdue responsibilities: `selectors.overdue_responsibilities(today=today)`, oldest deadline first, read
  along the partial index sw_resp_open_by_deadline (its condition written into the SQL, as the lookup
  NotInWritten does), with how many there are;
- the follow-up meetings due: `selectors.follow_up_meetings_due(today=today)`, the walks in the default locale.

tests/safety_walks/test_dash7_overview_rows.py holds both to those querysets.
"""

from datetime import date, timedelta
from functools import cache

from django.db import connections

from estates import i18n
from safety_walks.models import FollowUpMeeting, Responsibility, WalkPage
from safety_walks.statuses import CLOSED_RESPONSIBILITY_STATUSES

MEETINGS_WITHIN_DAYS = 30  # as selectors.follow_up_meetings_due


def first_overdue(today: date, rows: int) -> tuple[list[tuple], int]:
    """The first `rows` overdue responsibilities, oldest deadline first, as (finding id, finding title, organisation
    name, deadline), and how many are overdue: one query (the count a subquery without outer reference)."""
    found = _run(_overdue_sql(), [_day(today), _day(today), rows])
    return [row[:4] for row in found], found[0][4] if found else 0


def meetings_due(today: date, rows: int) -> list[tuple]:
    """The first `rows` walks (default locale) whose follow-up meeting, not yet held, is due within
    MEETINGS_WITHIN_DAYS or overdue, soonest first, as (walk id, title, follow-up date)."""
    return _run(_meetings_sql(), [i18n.default_locale_id(), _day(today + timedelta(days=MEETINGS_WITHIN_DAYS)), rows])


def _run(sql: str, params: list) -> list[tuple]:
    with connections[Responsibility.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _day(day: date) -> str:
    return connections[Responsibility.objects.db].ops.adapt_datefield_value(day)


@cache
def _overdue_sql() -> str:
    quote = connections[Responsibility.objects.db].ops.quote_name
    responsibilities, pk, finding_id, organisation_id, deadline, status = _names(
        quote, Responsibility, "id", "finding", "organisation", "deadline", "status"
    )
    findings, finding_pk, title = _names(quote, Responsibility.finding.field.related_model, "id", "title")
    organisations, organisation_pk, name = _names(quote, Responsibility.organisation.field.related_model, "id", "name")
    if not all(value.replace("_", "").isalnum() for value in CLOSED_RESPONSIBILITY_STATUSES):
        raise ValueError(f"Only plain words can be written into SQL: {CLOSED_RESPONSIBILITY_STATUSES!r}")
    closed = ", ".join(f"'{value}'" for value in CLOSED_RESPONSIBILITY_STATUSES)
    return (
        f"SELECT r.{finding_id}, f.{title}, o.{name}, r.{deadline},"  # noqa: S608 - names and constants only
        f" (SELECT COUNT(c.{pk}) FROM {responsibilities} c"
        f" WHERE NOT (c.{status} IN ({closed})) AND c.{deadline} < %s)"
        f" FROM {responsibilities} r"
        f" INNER JOIN {findings} f ON r.{finding_id} = f.{finding_pk}"
        f" INNER JOIN {organisations} o ON r.{organisation_id} = o.{organisation_pk}"
        f" WHERE NOT (r.{status} IN ({closed})) AND r.{deadline} < %s"
        f" ORDER BY r.{deadline} ASC, r.{pk} ASC LIMIT %s"
    )


@cache
def _meetings_sql() -> str:
    quote = connections[Responsibility.objects.db].ops.quote_name
    walks, walk_pk, follow_up_date = _names(quote, WalkPage, "page_ptr", "follow_up_date")
    pages, page_pk, title, locale_id = _names(quote, WalkPage.page_ptr.field.related_model, "id", "title", "locale")
    meetings, meeting_walk, held_on = _names(quote, FollowUpMeeting, "walk", "held_on")
    return (
        f"SELECT w.{walk_pk}, p.{title}, w.{follow_up_date} FROM {walks} w"  # noqa: S608 - names only
        f" INNER JOIN {pages} p ON w.{walk_pk} = p.{page_pk}"
        f" LEFT OUTER JOIN {meetings} m ON w.{walk_pk} = m.{meeting_walk}"
        f" WHERE p.{locale_id} = %s AND w.{follow_up_date} <= %s AND m.{held_on} IS NULL"
        f" ORDER BY w.{follow_up_date} ASC LIMIT %s"
    )


def _names(quote, model, *fields: str) -> list[str]:
    """A model's quoted table and columns, for SQL written by hand (as community.calendar_list)."""
    meta = model._meta
    return [quote(meta.db_table), *(quote(meta.get_field(name).column) for name in fields)]
