"""The confidential log of mediation: who opened or changed which case, and when. Read by mediation leads only.

It is Wagtail's own log seam, not a side channel: every mediation model is registered with Wagtail's log
action registry to this log-entry model (mediation.log_actions), so the create, edit and delete views log
here, never into Wagtail's shared ModelLogEntry. Wagtail's site history asks every registered log model for
the entries a user may read (`viewable_by_user`): this one answers none, to everyone, so a case never shows
in a shared report; leads read it on mediation's own screen.

The log outlives the case (a deleted case keeps its reference here) and never holds narrative or names of
parties: an entry's label is the case reference (for a case and each of its records), or the name of an
outreach worker in the directory, or, for a mediation role granted or removed, the role and the username.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

SYSTEM = "system"
_ENTRY = "entry_"  # the alias prefix of a log column selected from the cases


class CaseAccessLogManager(BaseLogEntryManager):
    def case_of(self, instance):
        """The case a mediation record concerns: itself, the case of a party, meeting, ..., or None (directory)."""
        return (
            instance if isinstance(instance, self.model.case.field.related_model) else getattr(instance, "case", None)
        )

    def get_instance_title(self, instance):
        """The entry's label: the case reference, never a case's content; a directory entry's own name."""
        case = self.case_of(instance)
        return case.reference if case is not None else str(instance)

    def log_action(self, instance, action, **kwargs):
        """Wagtail's `log()` lands here for every mediation record: add the case it concerns and the user's name."""
        user = kwargs.get("user")
        case = self.case_of(instance)
        kwargs.update(
            object_id=str(instance.pk),
            case=case,
            case_reference=case.reference if case is not None else "",
            user_name=user.get_username() if user is not None else SYSTEM,
        )
        return super().log_action(instance, self.model.FROM_WAGTAIL.get(action, action), **kwargs)

    def log_system_action(self, *, cases: list[tuple[int, str]], action: str, at) -> None:
        """One entry per case (id, reference), done by the system (the retention run), in one query."""
        self._log_cases(cases, user=None, action=action, at=at)

    def log_views(self, *, cases, user, action: str) -> None:
        """One entry per case shown on a screen (a listing, an export, a person's cases), written in one query.
        `cases` is a Case queryset or (id, reference) pairs; a case shown twice is logged once."""
        self._log_cases(cases, user=user, action=action, at=timezone.now())

    def _log_cases(self, cases, *, user, action: str, at) -> None:
        """One entry per case, written by the database in one INSERT ... SELECT from the cases: no entry is
        built in Python, however many cases a screen or an export shows. `cases` is a Case queryset (an
        export's own filtered list) or (id, reference) pairs."""
        case_model = self.model.case.field.related_model
        if not (isinstance(cases, models.QuerySet) and cases.model is case_model):
            cases = case_model.objects.filter(pk__in={pk for pk, _reference in cases})
        columns = {
            "content_type": models.Value(
                ContentType.objects.get_for_model(case_model).pk, output_field=models.IntegerField()
            ),
            "object_id": Cast("pk", output_field=models.CharField()),
            "label": models.F("reference"),
            "case": models.F("pk"),
            "case_reference": models.F("reference"),
            "user": models.Value(user.pk if user is not None else None, output_field=models.IntegerField()),
            "user_name": models.Value(
                user.get_username() if user is not None else SYSTEM, output_field=models.CharField()
            ),
            "action": models.Value(action, output_field=models.CharField()),
            "timestamp": models.Value(at, output_field=models.DateTimeField()),
            "data": models.Value({}, output_field=models.JSONField()),
            "content_changed": models.Value(False, output_field=models.BooleanField()),
            "deleted": models.Value(False, output_field=models.BooleanField()),
        }
        rows = (
            cases.order_by()
            .annotate(**{f"{_ENTRY}{name}": value for name, value in columns.items()})
            .values(*(f"{_ENTRY}{name}" for name in columns))
        )
        using = router.db_for_write(self.model)
        compiler = rows.query.get_compiler(using=using)
        try:
            select_sql, params = compiler.as_sql()
        except EmptyResultSet:
            return  # no case shown

        # The columns in the order the SELECT lists them (not necessarily the order they were named in).
        names = [alias.removeprefix(_ENTRY) for _expression, _sql, alias in compiler.select]
        quote = connections[using].ops.quote_name
        target = ", ".join(quote(self.model._meta.get_field(name).column) for name in names)
        with connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(self.model._meta.db_table)} ({target}) {select_sql}", params)

    def log_screen(self, *, user, action: str, label: str):
        """One entry for a screen about no one case (the access log itself was read), checked as Wagtail's
        `save()` checks an entry, except that its content type and user are not looked up again (both were just
        read), and written in one query."""
        entry = self.model(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id="-",
            label=label,
            user=user,
            user_name=user.get_username(),
            action=action,
        )
        entry.full_clean(exclude=["content_type", "user"])
        self.bulk_create([entry])
        return entry

    def log_role_change(self, *, user, role: str, action: str, by, by_name: str, at):
        """A mediation role granted to or removed from `user`, by a user (`by`) or the system (`by_name`)."""
        return self.create(
            content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
            object_id=str(user.pk),
            label=f"{role}: {user.get_username()}",
            user=by,
            user_name=by_name,
            action=action,
            timestamp=at,
        )

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """What Wagtail's shared reports (site history) may list: nothing, for anyone. Mediation leads read
        the log on mediation's own screen (mediation.admin.CaseAccessLogAdmin)."""
        return self.none()


class CaseAccessLog(BaseLogEntry):
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        OPENED = "opened", _("Opened")
        CHANGED = "changed", _("Changed")
        EXPORTED = "exported", _("Party data exported")
        PARTY_ERASED = "party_erased", _("Party erased")
        ANONYMISED = "anonymised", _("Anonymised")
        DELETED = "deleted", _("Deleted")
        LISTED = "listed", _("Shown in the case list")
        LIST_EXPORTED = "list_exported", _("Exported from the case list")
        PARTY_VIEWED = "party_viewed", _("A person's data viewed")
        LOG_READ = "log_read", _("Access log read")
        REMINDER_SHOWN = "reminder_shown", _("Shown in the reminders log")
        ROLE_GRANTED = "role_granted", _("Mediation role granted")
        ROLE_REMOVED = "role_removed", _("Mediation role removed")

    # What Wagtail's own create, edit and delete views log, in this log's words.
    FROM_WAGTAIL = {"wagtail.create": Action.CREATED, "wagtail.edit": Action.CHANGED, "wagtail.delete": Action.DELETED}

    action = models.CharField(_("action"), max_length=255, choices=Action.choices, db_index=True)
    label = models.TextField(
        _("about"), help_text=_("The case reference, the name of a directory entry, or a role and a username.")
    )
    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Every listing and export writes one row per case shown (1,500 for an export of every case), so the log
    # keeps only the indexes its readers use: time (the lead's list), action (its filter), case (a case's own
    # log, and SET_NULL when a case is deleted), user (SET_NULL when a user is deleted) and content type.
    # Nothing looks an entry up by object id, case reference (the list searches the label), revision or
    # content_changed, which Wagtail's base log indexes for page history.
    object_id = models.CharField(max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    content_changed = models.BooleanField(default=False)
    case = models.ForeignKey(
        "mediation.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField(_("user"), max_length=150, help_text=_("Kept if the user is deleted."))

    objects = CaseAccessLogManager()

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("case access log entry")
        verbose_name_plural = _("case access log")

    def __str__(self) -> str:
        return f"{self.label}: {self.get_action_display()}"
