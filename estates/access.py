"""What role and organisations a user has: the one place every app asks."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.functional import LazyObject, empty

from estates import roles


@dataclass(frozen=True)
class UserRoles:
    groups: frozenset[str]
    organisation_ids: frozenset[int]
    is_superuser: bool = False

    @property
    def is_staff_member(self) -> bool:
        """Social-housing staff, including mediators; superusers act as staff outside mediation."""
        return self.is_superuser or bool(self.groups & set(roles.STAFF_ROLES))

    @property
    def is_mediator(self) -> bool:
        """May work mediation cases assigned to them. Superusers are not exempt."""
        return bool(self.groups & set(roles.MEDIATION_ROLES))

    @property
    def is_mediation_lead(self) -> bool:
        """Sees every case, the access log and statistics."""
        return roles.MEDIATION_LEADS in self.groups

    @property
    def is_partner(self) -> bool:
        """Acts for an organisation and sees only that organisation's items."""
        return (bool(self.organisation_ids) or roles.PARTNERS in self.groups) and not self.is_staff_member


NOBODY = UserRoles(groups=frozenset(), organisation_ids=frozenset())
_CACHE_ATTRIBUTE = "_boligsocial_roles"


def roles_of(user) -> UserRoles:
    """The user's roles, read once per user object (one small query) and then cached on it."""
    user = _unwrapped(user)
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _read_roles(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def _unwrapped(user):
    """The user object behind `request.user` (Django's lazy object, evaluated here if not yet): a listing asks
    for every row, and each attribute read through the lazy object costs a raised and caught AttributeError."""
    while isinstance(user, LazyObject):  # outside the admin, the second factor wraps the lazy user once more
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _read_roles(user) -> UserRoles:
    # Groups and organisation memberships in one query (every admin request asks): a row per pair of them, a
    # user's few groups times their few organisations; a missing side is NULL.
    rows = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .values_list("groups__name", "organisation_memberships__organisation_id")
    )
    groups, organisation_ids = set(), set()
    for group, organisation_id in rows:
        if group is not None:
            groups.add(group)
        if organisation_id is not None:
            organisation_ids.add(organisation_id)
    return UserRoles(
        groups=frozenset(groups), organisation_ids=frozenset(organisation_ids), is_superuser=user.is_superuser
    )


def forget_roles(user) -> None:
    """Drop the cached roles, after the user's groups or memberships changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


# The staff as a condition on users: the groups of `UserRoles.is_staff_member`, and superusers.
STAFF_USERS = Q(groups__name__in=roles.STAFF_ROLES) | Q(is_superuser=True)


def staff_users() -> QuerySet:
    """Active social-housing staff (mediators and superusers included): the same people `is_staff_member`
    admits, as a query for recipient lists and choosers."""
    return get_user_model().objects.filter(STAFF_USERS, is_active=True).distinct()
