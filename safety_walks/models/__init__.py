"""Safety walks: walk pages publish; findings, responsibilities and updates are managed data."""

from safety_walks.models import following, reports  # noqa: F401, E402  (their models register with the app; import them from there)
from safety_walks.models.findings import Finding, FindingCategory, FindingStatus, Priority, Responsibility
from safety_walks.models.meetings import FindingSnapshot, FollowUpMeeting, ThemeMeeting
from safety_walks.models.pages import WalkIndexPage, WalkPage, WalkPhoto
from safety_walks.models.updates import FindingUpdate

__all__ = [
    "Finding",
    "FindingCategory",
    "FindingSnapshot",
    "FindingStatus",
    "FindingUpdate",
    "FollowUpMeeting",
    "Priority",
    "Responsibility",
    "ThemeMeeting",
    "WalkIndexPage",
    "WalkPage",
    "WalkPhoto",
]
