"""Mediation roles are granted by a mediation lead only, and every grant is logged and mailed to the leads.

Membership of the Mæglere or Mæglingsledere group opens cases, so it is guarded where it is stored: on
`User.groups` (an `m2m_changed` receiver sees `user.groups.add()`, `group.user_set.add()`, forms and bulk
actions alike) and on a group being named after a role. Who acts is known from `acting_as(user)`, which the
admin's user forms and the role bulk action enter for the request's user (mediation.role_forms), and
`manage.py grant_mediation_role` enters as the command. The rule:

- an actor who is not a mediation lead is refused (`RoleGrantRefused`, a PermissionDenied): a superuser too;
- during a web request, a grant by code that names no actor is refused as well (no screen grants behind
  the leads' back);
- outside requests (data loading, the shell, tests), an unnamed grant is allowed and logged as the system.

Every grant and removal is written to the case access log (who, to whom, which role, when) and, when an
actor is named, mailed to every mediation lead through the plugin's outbox.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estates import outbox, roles
from estates.access import forget_roles
from estates.models import MailCategory
from mediation import access
from mediation.models import CaseAccessLog

COMMAND = "manage.py grant_mediation_role"
MAIL_KIND = "mediation.role_changed"
LEADS_TO_MAIL = roles.MEDIATION_LEADS

_actor: ContextVar = ContextVar("mediation_role_actor", default=None)
_in_request: ContextVar[bool] = ContextVar("mediation_in_request", default=False)
_CLEARED = "_mediation_roles_being_cleared"


class RoleGrantRefused(PermissionDenied):
    """A mediation role was to be granted by someone who is not a mediation lead."""


def refusal_message() -> str:
    return _("Only a mediation lead can give someone the mediator or mediation lead role.")


@contextmanager
def acting_as(actor):
    """Grants and removals made inside are made by `actor` (a user, or COMMAND)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def enter_request_actor(actor) -> None:
    """For a hook pair around code it cannot wrap (a bulk action): the actor until reset, or the request's end."""
    _actor.set(actor)


def may_grant(actor) -> bool:
    return actor == COMMAND or (actor is not None and access.is_lead(actor))


def request_started(**kwargs) -> None:
    _in_request.set(True)
    _actor.set(None)


def request_finished(**kwargs) -> None:
    _in_request.set(False)
    _actor.set(None)


def mediation_role_names(group_ids) -> list[str]:
    return list(
        Group.objects.filter(pk__in=group_ids, name__in=roles.MEDIATION_ROLES)
        .order_by("name")
        .values_list("name", flat=True)
    )


def adds_a_mediation_role(*, user, groups) -> bool:
    """Whether giving `user` exactly these groups adds a mediation role they do not have (a form's question)."""
    wanted = {group.name for group in groups or ()} & set(roles.MEDIATION_ROLES)
    if not wanted:
        return False
    held = set(user.groups.filter(name__in=wanted).values_list("name", flat=True)) if user.pk else set()
    return bool(wanted - held)


def check_grant(actor=None) -> None:
    """Raise RoleGrantRefused unless the actor (by default the one acting now) may grant a mediation role."""
    actor = actor if actor is not None else _actor.get()
    if actor is None:
        if _in_request.get():
            raise RoleGrantRefused(refusal_message())
        return  # outside a request: data loading, the shell, tests
    if not may_grant(actor):
        raise RoleGrantRefused(refusal_message())


def _pairs(instance, reverse: bool, pk_set) -> tuple[list[int], list[int]]:
    """(user ids, group ids) of a change seen from either side of the relation."""
    if reverse:  # group.user_set.add(users)
        return sorted(pk_set or ()), [instance.pk]
    return [instance.pk], sorted(pk_set or ())


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed of User.groups: guard additions of a mediation role, log and mail every change of one."""
    if action == "pre_clear":
        # Which mediation roles the clear removes, read before they are gone.
        if reverse:
            users = (
                list(instance.user_set.values_list("pk", flat=True)) if instance.name in roles.MEDIATION_ROLES else []
            )
            setattr(instance, _CLEARED, (users, [instance.pk]))
        else:
            held = instance.groups.filter(name__in=roles.MEDIATION_ROLES).values_list("pk", flat=True)
            setattr(instance, _CLEARED, ([instance.pk], list(held)))
        return
    if action == "post_clear":
        user_ids, group_ids = getattr(instance, _CLEARED, ([], []))
        record(user_ids=user_ids, group_ids=group_ids, granted=False)
        return
    if action not in ("pre_add", "post_add", "post_remove"):
        return
    user_ids, group_ids = _pairs(instance, reverse, pk_set)
    if not user_ids or not mediation_role_names(group_ids):
        return
    if action == "pre_add":
        check_grant()
        return
    record(user_ids=user_ids, group_ids=group_ids, granted=action == "post_add")
    if not reverse:
        forget_roles(instance)


def on_group_saved(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of Group: naming a group after a mediation role (or renaming a role's group) is a grant to
    all its members, and is refused like one."""
    if raw:
        return
    before = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first() if instance.pk else None
    if before == instance.name:
        return
    if instance.name in roles.MEDIATION_ROLES or before in roles.MEDIATION_ROLES:
        check_grant()


def _actor_names(actor) -> tuple:
    if actor == COMMAND:
        return None, COMMAND
    if actor is None:
        return None, "system"
    return actor, actor.get_username()


def record(*, user_ids: list[int], group_ids: list[int], granted: bool) -> None:
    """One access-log row per user and role changed; one mail per lead and change when an actor is named."""
    names = mediation_role_names(group_ids)
    if not user_ids or not names:
        return
    actor = _actor.get()
    actor_user, actor_name = _actor_names(actor)
    users = list(get_user_model().objects.filter(pk__in=user_ids).order_by("pk"))
    action = CaseAccessLog.Action.ROLE_GRANTED if granted else CaseAccessLog.Action.ROLE_REMOVED
    now = timezone.now()
    entries = [
        CaseAccessLog.objects.log_role_change(
            user=user, role=name, action=action, by=actor_user, by_name=actor_name, at=now
        )
        for user in users
        for name in names
    ]
    if actor is not None:
        mail_the_leads(entries=entries, granted=granted, by_name=actor_name)


def mail_the_leads(*, entries: list[CaseAccessLog], granted: bool, by_name: str) -> None:
    """One mail per change to every active mediation lead, through the outbox (claimed in this transaction,
    sent once it commits)."""
    leads = list(
        get_user_model()
        .objects.filter(groups__name=LEADS_TO_MAIL, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
    )
    subject = gettext_lazy("A mediation role was granted") if granted else gettext_lazy("A mediation role was removed")
    outbox.claim_and_send_after_commit(
        outbox.Mail(
            kind=MAIL_KIND,
            subject_key=f"access-log:{entry.pk}",
            due_on=timezone.localdate(entry.timestamp),
            recipient_id=lead,
            subject=subject,
            body_template="mediation/email/role_changed.txt",
            context={
                "granted": granted,
                "role": entry.label.split(": ", 1)[0],
                "user": entry.label.split(": ", 1)[-1],
                "by": by_name,
                "at": timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M"),
            },
            url=reverse("mediation_caseaccesslog_modeladmin_index"),
            category=MailCategory.SERVICE,
        )
        for entry in entries
        for lead in leads
    )
