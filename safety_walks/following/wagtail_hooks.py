"""Hooks of following (imported by safety_walks/wagtail_hooks.py): the person-data source."""

from wagtail import hooks

from estates.person_data import PERSON_DATA_HOOK
from safety_walks.following.person_data import FollowerSource


@hooks.register(PERSON_DATA_HOOK)
def followers() -> FollowerSource:
    return FollowerSource()
