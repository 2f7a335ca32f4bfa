"""Who may see and do what in mediation: the one place every view, export, task and template asks.

Which cases a user sees is defined once, by `Case.objects.visible_to(user)` (mediation.managers); the
questions below ask it. Whether a user works in mediation at all, and whether they lead it, are the two
role questions of mediation.access. Mediators see the cases assigned to them; mediation leads see every
case, the access log and the statistics. Superusers are not exempt.
"""

from mediation.access import can_use_mediation, has_perm, is_lead
from mediation.managers import VISIBLE_TO
from mediation.models import Case, Party

__all__ = [
    "can_create_case",
    "can_delete",
    "can_edit",
    "can_manage_outreach_directory",
    "can_manage_parties",
    "can_manage_party_data",
    "can_open",
    "can_use_mediation",
    "can_view_access_log",
    "can_view_outreach_directory",
    "can_view_statistics",
    "is_lead",
    "readers_among_assigned",
]


def can_open(user, case: Case) -> bool:
    """Whether the user may see this case (inspect it, export its parties' data, be reminded of it)."""
    if case is None or case.pk is None or user is None or user.pk is None:
        return False
    if getattr(case, VISIBLE_TO, None) == user.pk:
        return True  # read through Case.objects.visible_to(user) in this request: no query per listed row
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def can_create_case(user) -> bool:
    return can_use_mediation(user) and has_perm(user, "mediation.add_case")


def can_edit(user, case: Case) -> bool:
    """Whether the user may change this case; an anonymised case is kept for statistics only."""
    return not case.is_anonymised and has_perm(user, "mediation.change_case") and can_open(user, case)


def can_delete(user, case: Case) -> bool:
    return is_lead(user) and has_perm(user, "mediation.delete_case")


def can_manage_parties(user, case: Case) -> bool:
    """Whether the user may export or erase what is held about the parties of this case."""
    return not case.is_anonymised and has_perm(user, "mediation.change_party") and can_open(user, case)


def can_manage_party_data(user, party: Party) -> bool:
    """Whether the user may export or erase what is held about this party."""
    return can_manage_parties(user, party.case)


def can_view_access_log(user) -> bool:
    return is_lead(user) and has_perm(user, "mediation.view_caseaccesslog")


def can_view_statistics(user) -> bool:
    return is_lead(user) and has_perm(user, "mediation.view_statistics")


def can_view_outreach_directory(user) -> bool:
    return can_use_mediation(user) and has_perm(user, "mediation.view_outreachcontact")


def can_manage_outreach_directory(user, action: str) -> bool:
    """`action` is add, change or delete; the directory is kept by mediation leads."""
    return is_lead(user) and has_perm(user, f"mediation.{action}_outreachcontact")


def readers_among_assigned(cases: list[Case]) -> dict[int, list]:
    """For each case (with its mediators prefetched): the assigned mediators the policy lets open it.

    One query per distinct mediator, however many cases: each one's visible cases among these.
    """
    mediators = {user.pk: user for case in cases for user in case.mediators.all()}
    case_ids = [case.pk for case in cases]
    opens = {
        pk: set(Case.objects.visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
        for pk, user in mediators.items()
    }
    return {
        case.pk: [mediators[user.pk] for user in case.mediators.all() if case.pk in opens[user.pk]] for case in cases
    }
