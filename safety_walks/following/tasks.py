"""django-q2 entry points of following: thin, ids in, the domain function called."""

from safety_walks.following import digest, services


def daily_follow_run() -> str:
    """Scheduled daily: remove addresses whose time is up, then claim today's digests (sent, and retried if
    need be, by the outbox)."""
    removed = services.followers_purge()
    claimed = digest.send_digests()
    return f"{claimed} digests, {removed} followers removed"
