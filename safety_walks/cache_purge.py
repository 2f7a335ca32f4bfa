"""Which public addresses a change to a walk's working data shows on (estates/frontend_cache.py).

A finding, its responsibilities and the partners' updates show on the walk's page and the finding's own
page beneath it, in the walk list and on the home page. Meetings also show in every activity calendar and
change a few times a year, and an organisation's name beside its findings on any walk: they forget every cached page.
"""

from estates.frontend_cache import BENEATH, page_and_ancestor_urls, purges
from estates.models import Organisation
from safety_walks.models import Finding, FindingUpdate, FollowUpMeeting, Responsibility, ThemeMeeting


@purges(Finding)
def finding_urls(finding: Finding) -> list[str]:
    return page_and_ancestor_urls(finding.walk)


@purges(Responsibility, FindingUpdate)
def finding_detail_urls(row) -> list[str]:
    return page_and_ancestor_urls(row.finding.walk)


@purges(FollowUpMeeting, ThemeMeeting)
def meeting_urls(meeting) -> list[str]:
    return ["/" + BENEATH]


@purges(Organisation)
def organisation_urls(organisation) -> list[str]:
    return ["/" + BENEATH]
