"""Which public addresses a change to an activity's working data shows on (estates/frontend_cache.py).

A cancelled or moved occurrence and a sign-up (places left) show on the activity's page, in its
calendar's lists, months, days and feed (everything under the calendar's address) and on the home page.
"""

from community.models import ActivityPage, OccurrenceException
from community.models.signups import SignUp
from estates.frontend_cache import page_and_ancestor_urls, page_urls, purges


def activity_urls(activity: ActivityPage) -> list[str]:
    urls = page_and_ancestor_urls(activity)
    calendar = activity.get_parent()
    if calendar is not None:
        urls += page_urls(calendar)
    return urls


@purges(OccurrenceException)
def occurrence_urls(exception: OccurrenceException) -> list[str]:
    return activity_urls(exception.page)


@purges(SignUp)
def signup_urls(signup: SignUp) -> list[str]:
    return activity_urls(signup.activity)
