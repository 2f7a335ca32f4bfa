"""Mediation models: confidential cases and what belongs to them, the outreach directory, the access log,
and the one page type, which publishes suppressed statistics and never case data."""

from mediation.models.access_log import CaseAccessLog
from mediation.models.cases import Agreement, Case, ConflictType, Meeting, Party, Referral
from mediation.models.directory import OutreachContact
from mediation.models.statistics_page import MediationStatisticsPage

__all__ = [
    "Agreement",
    "Case",
    "CaseAccessLog",
    "ConflictType",
    "MediationStatisticsPage",
    "Meeting",
    "OutreachContact",
    "Party",
    "Referral",
]
