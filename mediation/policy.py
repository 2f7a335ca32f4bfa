"""Who may see and do what in mediation: the one place every view, export, task and template asks.

A user works in mediation only as a member of the mediator or mediation-lead role (estates.roles), and
only with the model permissions those roles grant. Mediators see the cases assigned to them; mediation
leads see every case, the access log and the statistics. Superusers are not exempt: Django's superuser
flag grants every permission, but not a role.
"""

from django.db.models import QuerySet

from estates.access import roles_of
from mediation.models import Case, Party


def can_use_mediation(user) -> bool:
    """Whether the user sees the mediation menu at all."""
    return roles_of(user).is_mediator and user.has_perm("mediation.view_case")


def is_lead(user) -> bool:
    """Whether the user leads mediation: every case, the access log and statistics."""
    return can_use_mediation(user) and roles_of(user).is_mediation_lead


def visible_cases(user) -> QuerySet[Case]:
    """The cases the user may open: assigned ones, or all for a mediation lead."""
    if is_lead(user):
        return Case.objects.all()
    if can_use_mediation(user):
        return Case.objects.filter(mediators=user)
    return Case.objects.none()


def visible_parties(user) -> QuerySet[Party]:
    return Party.objects.filter(case__in=visible_cases(user))


def can_open(user, case: Case) -> bool:
    """Whether the user may see this case (inspect it, export its parties' data)."""
    if case is None or case.pk is None or not can_use_mediation(user):
        return False
    if is_lead(user):
        return True
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("mediators")
    if prefetched is not None:  # listings prefetch the mediators: no query per row
        return any(mediator.pk == user.pk for mediator in prefetched)
    return Case.mediators.through.objects.filter(case_id=case.pk, user_id=user.pk).exists()


def can_create_case(user) -> bool:
    return can_use_mediation(user) and user.has_perm("mediation.add_case")


def can_edit(user, case: Case) -> bool:
    """Whether the user may change this case; an anonymised case is kept for statistics only."""
    return not case.is_anonymised and user.has_perm("mediation.change_case") and can_open(user, case)


def can_delete(user, case: Case) -> bool:
    return is_lead(user) and user.has_perm("mediation.delete_case")


def can_manage_party_data(user, party: Party) -> bool:
    """Whether the user may export or erase what is held about this party."""
    return user.has_perm("mediation.change_party") and can_open(user, party.case)


def can_view_access_log(user) -> bool:
    return is_lead(user) and user.has_perm("mediation.view_caseaccesslog")


def can_view_statistics(user) -> bool:
    return is_lead(user) and user.has_perm("mediation.view_statistics")


def can_view_outreach_directory(user) -> bool:
    return can_use_mediation(user) and user.has_perm("mediation.view_outreachcontact")


def can_manage_outreach_directory(user, action: str) -> bool:
    """`action` is add, change or delete; the directory is kept by mediation leads."""
    return is_lead(user) and user.has_perm(f"mediation.{action}_outreachcontact")
