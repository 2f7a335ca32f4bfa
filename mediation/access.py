"""Who works in mediation at all, and who leads it: the two role questions every mediation rule starts from.

A user works in mediation only as a member of the mediator or mediation-lead role (estates.roles), and only
with the permission to view cases those roles grant. Superusers are not exempt: Django's superuser flag
grants every permission, but not a role. These live apart from mediation.policy so that the models'
QuerySets (mediation.managers) can ask them without importing the policy, which imports the models.
"""

from estates.access import roles_of

_PERMISSIONS_ASKED = "_mediation_permissions"


def has_perm(user, perm: str) -> bool:
    """`user.has_perm(perm)`, asked once per user object: a listing asks the policy for every row, and each
    `has_perm` goes through every authentication backend. Django's own backend keeps the user's permissions
    on the object for its life as well, so the answer is exactly as fresh as `has_perm`'s (a fresh user
    object, as every request has, asks again)."""
    asked = getattr(user, _PERMISSIONS_ASKED, None)
    if asked is None:
        asked = {}
        setattr(user, _PERMISSIONS_ASKED, asked)
    if perm not in asked:
        asked[perm] = user.has_perm(perm)
    return asked[perm]


def can_use_mediation(user) -> bool:
    """Whether the user works in mediation at all (sees its menu)."""
    return roles_of(user).is_mediator and has_perm(user, "mediation.view_case")


def is_lead(user) -> bool:
    """Whether the user leads mediation: every case, the access log and statistics."""
    return can_use_mediation(user) and roles_of(user).is_mediation_lead
