"""Which safety-walk reminders are due today, derived from walks, responsibilities and findings.

Nothing is stored ahead: the sweep (estates/sweep.py) asks every few minutes and sends what it has
not sent before, so a moved deadline or follow-up date simply yields a reminder with a new date.
A reminder the worker missed while it was down is still due for a while (LATE_WINDOW), never for
ever, so a new installation does not mail out years of history. A few queries, whatever the data size:
digests read counts and their first rows, and are not built again once their recipients have them.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from estates import i18n, sweep
from estates.access import staff_users
from estates.mail import absolute_url, render_line_lazy
from estates.models import MailCategory, Membership, Organisation
from estates.reminders import DueReminder
from estates.reversed_once import reversed_once
from safety_walks.models import Finding, Responsibility, WalkPage
from safety_walks.models.pages import FOLLOW_UP_AFTER

FOLLOW_UP_FIRST_NOTICE = timedelta(days=30)
FOLLOW_UP_SECOND_NOTICE = timedelta(days=7)
DEADLINE_NOTICE = timedelta(days=7)
NO_NEWS_FOR = timedelta(days=60)
LATE_WINDOW = timedelta(days=14)
DIGEST_ITEMS_SHOWN = 50
EMAILS = "estates/emails/safety_walks/"

FOLLOW_UP_IN_30_DAYS = "safety_walks.follow_up_in_30_days"
FOLLOW_UP_IN_7_DAYS = "safety_walks.follow_up_in_7_days"
FOLLOW_UP_NOT_HELD = "safety_walks.follow_up_not_held"
DEADLINE_IN_7_DAYS = "safety_walks.responsibility_due_in_7_days"
DEADLINE_PASSED = "safety_walks.responsibility_overdue"
PARTNER_OVERDUE_DIGEST = "safety_walks.overdue_digest"
STAFF_NO_NEWS_DIGEST = "safety_walks.no_news_digest"


def due_reminders(today: date) -> Iterator[DueReminder]:
    yield from follow_up_reminders(today)
    yield from responsibility_reminders(today)
    yield from overdue_digests(today)
    yield from no_news_digests(today)


def follow_up_reminders(today: date) -> Iterator[DueReminder]:
    """To the walk's owner (or every staff member): 30 and 7 days before the follow-up meeting is due,
    and once six months have passed since the walk without one held."""
    # Walks whose six months ended within the late window. Months differ in length, so the range is a few
    # days wider than needed; the exact dates are checked below.
    not_held_from = _start_of(today - FOLLOW_UP_AFTER - LATE_WINDOW - timedelta(days=4))
    not_held_until = _start_of(today - FOLLOW_UP_AFTER + timedelta(days=4))
    # A planned meeting's own date replaces the walk's follow-up date; only a held meeting ends the reminders.
    walks = (
        i18n.in_source_locale(WalkPage.objects.all())  # one reminder per walk, not one per language
        .filter(Q(follow_up_meeting__isnull=True) | Q(follow_up_meeting__held_on__isnull=True))
        .annotate(meeting_on=Coalesce("follow_up_meeting__planned_on", "follow_up_date"))
        .filter(
            Q(meeting_on__gte=today, meeting_on__lte=today + FOLLOW_UP_FIRST_NOTICE)
            | Q(walk_date__gte=not_held_from, walk_date__lt=not_held_until)
        )
        .select_related("owner")
        .annotate(open_findings=Finding.objects.open().count_per_walk())
        .order_by("pk")
    )
    staff = None
    for walk in walks:
        walked_on = timezone.localdate(walk.walk_date)
        due = []
        meeting_on = walk.meeting_on
        if meeting_on and meeting_on - FOLLOW_UP_FIRST_NOTICE <= today <= meeting_on:
            kind = FOLLOW_UP_IN_7_DAYS if meeting_on - FOLLOW_UP_SECOND_NOTICE <= today else None
            due.append((kind or FOLLOW_UP_IN_30_DAYS, meeting_on))
        six_months_on = walked_on + FOLLOW_UP_AFTER
        # "Not held yet" is not news while a meeting is planned for today or later.
        meeting_ahead = walk.meeting_on != walk.follow_up_date and walk.meeting_on and walk.meeting_on >= today
        if six_months_on <= today <= six_months_on + LATE_WINDOW and not meeting_ahead:
            due.append((FOLLOW_UP_NOT_HELD, six_months_on))
        if not due:
            continue
        if _reachable(walk.owner):
            recipients = [walk.owner.pk]
        else:
            staff = _staff_ids() if staff is None else staff
            recipients = staff
        context = {
            "walk": walk.title,
            "walk_date": walked_on,
            "follow_up_date": meeting_on or walk.follow_up_date,
            "open_findings": walk.open_findings,
        }
        url = absolute_url(reverse("safety_walks_agenda", args=[walk.pk]))
        for kind, due_on in due:
            for user_id in recipients:
                yield _reminder(kind, f"walk:{walk.pk}", due_on, user_id, context, url)


def responsibility_reminders(today: date) -> Iterator[DueReminder]:
    """To the responsible organisation's members who want emails: a week before the deadline, and on
    the day it is overdue (or as soon after as the worker runs)."""
    responsibilities = list(
        _responsibility_rows(
            Responsibility.objects.open()
            .filter(deadline__gte=today - LATE_WINDOW, deadline__lte=today + DEADLINE_NOTICE)
            .exclude(deadline=today)
        )
    )
    members = _members_who_want_email({row["organisation_id"] for row in responsibilities})
    update_url = _update_urls()
    for row in responsibilities:
        kind = DEADLINE_IN_7_DAYS if row["deadline"] > today else DEADLINE_PASSED
        context = {
            "finding": row["finding__title"],
            "walk": row["finding__walk__title"],
            "organisation": row["organisation__name"],
            "task": row["task"],
            "deadline": row["deadline"],
        }
        url = update_url(row["finding_id"])
        for user_id in members.get(row["organisation_id"], []):
            yield _reminder(kind, f"responsibility:{row['pk']}", row["deadline"], user_id, context, url)


def overdue_digests(today: date) -> Iterator[DueReminder]:
    """One email a week to each member who wants emails, listing their organisations' overdue items: the
    count and the first DIGEST_ITEMS_SHOWN, read as such (never every overdue row), and nothing at all once
    every member has this week's digest."""
    week_key, monday = _week(today)
    overdue = Responsibility.objects.overdue(on=today)
    # Which organisations have an overdue item: one look along the index per organisation, not every overdue row.
    with_overdue = Organisation.objects.filter(Exists(overdue.filter(organisation=OuterRef("pk"))))
    members = _members_who_want_email(set(with_overdue.values_list("pk", flat=True)))
    recipients = {user_id for user_ids in members.values() for user_id in user_ids}
    recipients -= sweep.settled(PARTNER_OVERDUE_DIGEST, f"digest:{week_key}", monday, recipients)
    if not recipients:
        return
    organisations = {org for org, user_ids in members.items() if recipients.intersection(user_ids)}
    counts, first = overdue.count_and_first_per_organisation(organisations, DIGEST_ITEMS_SHOWN)
    # Who reads each organisation's items; every row is one item, shared by its readers' digests.
    readers = {org: [user_id for user_id in members[org] if user_id in recipients] for org in counts}
    update_url = _update_urls()
    items_of = defaultdict(list)
    count_of = defaultdict(int)
    for organisation_id, user_ids in members.items():
        for user_id in recipients.intersection(user_ids):
            count_of[user_id] += counts.get(organisation_id, 0)
    rows = first.order_by("deadline", "pk").values_list(
        "organisation_id", "organisation__name", "deadline", "finding_id", "finding__title", "finding__walk__title"
    )
    for organisation_id, organisation, deadline, finding_id, finding, walk in rows:
        # Plain values, as the mail's context keeps them (a date as its ISO text).
        item = {
            "finding": finding,
            "walk": walk,
            "organisation": organisation,
            "deadline": deadline.isoformat(),
            "url": update_url(finding_id),
        }
        for user_id in readers[organisation_id]:
            items_of[user_id].append(item)
    url = absolute_url(reverse("safety_walks_finding_modeladmin_index") + "?overdue=yes")
    for user_id in sorted(recipients):
        # Rows arrive in deadline order; a member of several organisations reads the earliest of them all.
        yield _digest(PARTNER_OVERDUE_DIGEST, week_key, monday, user_id, items_of[user_id], url, count_of[user_id])


def no_news_digests(today: date) -> Iterator[DueReminder]:
    """One email a week to every staff member about the open findings with no update for 60 days: how many,
    and the quietest DIGEST_ITEMS_SHOWN of them (three queries however many there are, none sorting them all),
    once a week."""
    week_key, monday = _week(today)
    staff = set(_staff_ids())
    staff -= sweep.settled(STAFF_NO_NEWS_DIGEST, f"digest:{week_key}", monday, staff)
    if not staff:
        return
    quiet_since = _start_of(today) - NO_NEWS_FOR
    count = Finding.objects.count_quiet_since(quiet_since)
    if not count:
        return
    update_url = _update_urls()
    rows = Finding.objects.quietest_since(quiet_since, DIGEST_ITEMS_SHOWN, fields=("title", "walk__title"))
    items = [
        {
            "finding": row["title"],
            "walk": row["walk__title"],
            "last_news": timezone.localdate(row["last_news"]),
            "url": update_url(row["pk"]),
        }
        for row in rows
    ]
    url = absolute_url(reverse("safety_walks_finding_modeladmin_index"))
    for user_id in sorted(staff):
        yield _digest(STAFF_NO_NEWS_DIGEST, week_key, monday, user_id, items, url, count)


def _digest(
    kind: str, week_key: str, monday: date, user_id: int, items: list[dict], url: str, count: int
) -> DueReminder:
    context = {
        "count": count,
        "items": items[:DIGEST_ITEMS_SHOWN],
        "more": max(count - DIGEST_ITEMS_SHOWN, 0),
    }
    return _reminder(kind, f"digest:{week_key}", monday, user_id, context, url, category=MailCategory.DIGEST)


def _reminder(
    kind: str,
    subject_key: str,
    due_on: date,
    user_id: int,
    context: dict,
    url: str,
    *,
    category: str = MailCategory.REMINDERS,
) -> DueReminder:
    """A reminder whose subject and body are the templates named after its kind."""
    template = EMAILS + kind.split(".", 1)[1]
    return DueReminder(
        kind=kind,
        subject_key=subject_key,
        due_on=due_on,
        recipient_id=user_id,
        subject=render_line_lazy(f"{template}.subject.txt", context),
        body_template=f"{template}.txt",
        context=context,
        url=url,
        category=category,
    )


def _responsibility_rows(responsibilities):
    """Plain rows with what a reminder says: thousands of them cost one query and no model instances."""
    return responsibilities.order_by("pk").values(
        "pk",
        "deadline",
        "task",
        "organisation_id",
        "organisation__name",
        "finding_id",
        "finding__title",
        "finding__walk__title",
    )


def _update_urls() -> Callable[[int], str]:
    """finding id -> the page where a partner (or staff) adds an update to it. The link is reversed once per
    sweep, not once per reminder (10,000 reminders spent a fifth of the sweep in `reverse`)."""
    return reversed_once("safety_walks_add_update", finish=absolute_url)


def _week(today: date) -> tuple[str, date]:
    """A digest's week: its ISO name ("2026-W49") and its Monday, the digest's due date."""
    year, week, weekday = today.isocalendar()
    return f"{year}-W{week:02d}", today - timedelta(days=weekday - 1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _staff_ids() -> list[int]:
    """Staff (estates.access.staff_users, the one definition) with an email address."""
    return list(staff_users().exclude(email="").order_by("pk").values_list("pk", flat=True))


def _members_who_want_email(organisation_ids: set[int]) -> dict[int, list[int]]:
    """organisation id -> ids of its active members who have not turned emails off."""
    memberships = (
        Membership.objects.wanting_email()
        .filter(organisation_id__in=organisation_ids)
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    members = defaultdict(list)
    for organisation_id, user_id in memberships:
        members[organisation_id].append(user_id)
    return members
