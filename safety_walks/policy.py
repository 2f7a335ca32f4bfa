"""Who may see and change which findings: the one place every view, export, API and task asks.

Staff (and mediators, and superusers) see and edit everything. A partner sees only findings on which
their organisation holds a responsibility, may not edit the finding itself, and may add updates to
their own organisation's responsibilities. Everyone else sees nothing here. The same rule as a query is
`Finding.objects.visible_to(user)` / `Responsibility.objects.visible_to(user)` (safety_walks/managers.py).
"""

from estates.access import roles_of
from safety_walks.models import Finding, Responsibility


def can_manage_findings(user) -> bool:
    """Create, edit and delete findings, categories and meetings."""
    return roles_of(user).is_staff_member


def can_view_finding(user, finding: Finding) -> bool:
    """Uses the finding's prefetched responsibilities when a list has them: no query per row."""
    roles = roles_of(user)
    if roles.is_staff_member:
        return True
    if not roles.organisation_ids:
        return False
    return any(r.organisation_id in roles.organisation_ids for r in finding.responsibilities.all())


def can_update_responsibility(user, responsibility: Responsibility) -> bool:
    roles = roles_of(user)
    return roles.is_staff_member or responsibility.organisation_id in roles.organisation_ids


def can_see_internal_notes(user, finding: Finding) -> bool:
    """Staff, and the partners responsible for this finding."""
    return can_view_finding(user, finding)


def can_hide_public_notes(user) -> bool:
    """Take a partner's note for residents off the public pages (and put it back): staff only."""
    return roles_of(user).is_staff_member


def has_own_items(user) -> bool:
    """Belongs to an organisation, so has items of their own ("My items")."""
    return bool(roles_of(user).organisation_ids)
