"""django-q2 entry points of following: thin, ids in, the domain function called."""

from safety_walks.following import digest, mailer, services


def send_follower_mails(ids: list[int]) -> str:
    """One batch of claimed mails to followers, over one SMTP connection."""
    return str(mailer.deliver_many(ids))


def daily_follow_run() -> str:
    """Scheduled daily: retry unsent mails, remove addresses whose time is up, then claim today's digests."""
    retried = mailer.retry_failed()
    removed = services.followers_purge()
    claimed = digest.send_digests()
    return f"{claimed} digests, {retried} retried, {removed} followers removed"
