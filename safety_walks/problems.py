"""Safety-walk findings and theme meetings offered as local problems an activity can take up.

Registered with the community app's `boligsocial_local_problems` hook; see community/problems.py.
Only public findings of published, unrestricted walks and public theme meetings are offered or resolved.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from safety_walks.models import Finding, ThemeMeeting, WalkPage


@dataclass(frozen=True)
class Problem:
    key: str
    label: str
    url: str = ""


def _ids(keys, prefix):
    return [int(key.split(":", 1)[1]) for key in keys if key.startswith(prefix) and key.split(":", 1)[1].isdigit()]


def local_problems(*, keys: list[str] | None) -> list[Problem]:
    public_walks = WalkPage.objects.live().public()
    public_walk_ids = set(public_walks.values_list("pk", flat=True))
    findings = Finding.objects.public().filter(walk__in=public_walks).select_related("walk").order_by("walk", "pk")
    meetings = ThemeMeeting.objects.public().prefetch_related("walks").order_by("-starts_at")
    if keys is not None:
        findings = findings.filter(pk__in=_ids(keys, "finding:"))
        meetings = meetings.filter(pk__in=_ids(keys, "thememeeting:"))
    walk_urls = {}
    problems = []
    for finding in findings:
        if finding.walk_id not in walk_urls:
            walk_urls[finding.walk_id] = finding.walk.url or ""
        problems.append(
            Problem(
                key=f"finding:{finding.pk}",
                label=_("Finding: %(title)s (%(walk)s)") % {"title": finding.title, "walk": finding.walk.title},
                url=f"{walk_urls[finding.walk_id]}#fund-{finding.pk}",
            )
        )
    for meeting in meetings:
        live_walks = [walk for walk in meeting.walks.all() if walk.pk in public_walk_ids]
        problems.append(
            Problem(
                key=f"thememeeting:{meeting.pk}",
                label=_("Theme meeting: %(title)s") % {"title": meeting.title},
                url=live_walks[0].url if live_walks else "",
            )
        )
    return problems
