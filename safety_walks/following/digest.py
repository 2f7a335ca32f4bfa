"""The daily digest: each confirmed follower hears, at most once a day, what changed since they were last
told (new public findings, public status changes, notes for residents). Followers are read in batches and
grouped by what they follow and since when, so the queries grow with the followed walks and areas (and the
languages their followers read), not with the followers: per group and language a count and the first rows of
each kind, read in that language (status words, the walk's title, links to its page in that language)."""

from collections import defaultdict
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import ngettext

from estates import i18n, outbox
from estates.conf import setting as estates_setting
from estates.mail import render_text
from estates.models import AddressMail
from estates.outbox import BATCH_SIZE
from safety_walks.following import changes, mailer
from safety_walks.following.conf import setting
from safety_walks.following.services import followed_name
from safety_walks.models.following import Follower

DIGEST_TEMPLATE = "safety_walks/following/emails/digest.txt"


def send_digests(*, now: datetime | None = None, enqueue=outbox.enqueue_address_sends) -> int:
    """Claim today's digest for every confirmed follower with news; returns the number claimed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    claimed = 0
    last_pk = 0
    while True:
        batch = list(
            Follower.objects.confirmed()
            .filter(pk__gt=last_pk, told_until__lt=now)
            .select_related("walk", "area")
            .order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            return claimed
        last_pk = batch[-1].pk
        claimed += _digest_batch(batch, now=now, today=today, enqueue=enqueue)


def _digest_batch(batch: list[Follower], *, now, today, enqueue) -> int:
    groups: dict[tuple, list[Follower]] = defaultdict(list)
    for follower in batch:
        groups[(follower.walk_id, follower.area_id, follower.told_until)].append(follower)
    mails, told = [], []
    for (_walk_id, _area_id, since), followers in groups.items():
        by_language = defaultdict(list)
        for follower in followers:
            by_language[mailer.language_of(follower)].append(follower)
        # Read once per language its followers read: status words, the walk's title and the links to its page
        # (its translation, or the Danish alias) are in the reader's language.
        for language, readers in by_language.items():
            with translation.override(language):
                news = _news(readers[0], since=since, until=now)
                if news is None:  # nothing new, in any language
                    told.extend(f.pk for f in followers)
                    break
                name = followed_name(readers[0])
                mails.extend(_digest_mail(follower, news, today, name=name) for follower in readers)
    ids = mailer.claim(mails, enqueue=enqueue)
    # Only followers whose digest this run claimed are told; one who had today's digest already (a second
    # run the same day) keeps the news for tomorrow's.
    sent_to = [
        mailer.follower_of(key) for key in AddressMail.objects.filter(pk__in=ids).values_list("subject_key", flat=True)
    ]
    Follower.objects.filter(pk__in=sent_to).update(told_until=now, last_digest_at=now)
    Follower.objects.filter(pk__in=told).update(told_until=now)
    return len(ids)


def _news(follower: Follower, *, since, until) -> dict | None:
    limit = setting("BOLIGSOCIAL_DIGEST_ROWS")
    walks = changes.followed_walks(walk=follower.walk, area=follower.area)
    findings = changes.new_findings(walks, since).filter(created_at__lte=until)
    updates = changes.public_updates(walks, since).filter(created_at__lte=until)
    finding_count, update_count = findings.count(), updates.count()
    if not finding_count and not update_count:
        return None
    new = [_row(c) for c in changes.finding_changes(findings, limit)] if finding_count else []
    news = [_row(c) for c in changes.update_changes(updates, limit)] if update_count else []
    rows = _with_links(new + news)
    return {
        "findings": rows[: len(new)],
        "updates": rows[len(new) :],
        "more_findings": finding_count - len(new),
        "more_updates": update_count - len(news),
    }


def _with_links(rows: list[dict]) -> list[dict]:
    """Each finding's address in the active language: on the walk's page in it (one query for the translations)."""
    walks = changes.finding_links([row["walk_id"] for row in rows])
    shown = i18n.presented(walks.values())
    # (A translation has no address of its own without Wagtail's per-locale routing: the walk's then.)
    bases = {pk: shown[pk].get_full_url() or walk.get_full_url() for pk, walk in walks.items()}

    def link(row: dict) -> str:
        walk = walks.get(row["walk_id"])
        if walk is None or not bases[walk.pk]:
            return ""
        return bases[walk.pk] + walk.reverse_subpage("finding", kwargs={"pk": row["finding_id"]}).lstrip("/")

    return [{**row, "url": link(row)} for row in rows]


def _row(change: changes.Change) -> dict:
    return {
        "title": change.finding_title,
        "walk_id": change.walk_id,
        "finding_id": change.finding_id,
        "status": change.status,
        "text": change.text,
        "location": change.location,
        "organisation": change.organisation,
        "at": timezone.localtime(change.at),
    }


def _digest_mail(follower: Follower, news: dict, today, *, name: str) -> outbox.AddressedMail:
    with translation.override(mailer.language_of(follower)):
        count = len(news["findings"]) + news["more_findings"] + len(news["updates"]) + news["more_updates"]
        subject = ngettext("News about %(name)s: %(count)s change", "News about %(name)s: %(count)s changes", count) % {
            "name": name,
            "count": count,
        }
        body = render_text(
            DIGEST_TEMPLATE,
            {
                **news,
                "name": name,
                "unsubscribe_url": mailer.unsubscribe_url(follower),
                "site_name": estates_setting("WAGTAIL_SITE_NAME"),
            },
        )
    return mailer.follower_mail(follower, mailer.DIGEST, due_on=today, subject=subject, body=body)
