"""Domain reads of mediation as QuerySet methods; every other module asks these and never re-derives them."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models

from mediation import access, conf

# Rows read through `visible_to(user)` carry the id of that user, so that asking about one of them again
# (a listing's buttons ask once per row) needs no query: see mediation.policy.can_open.
VISIBLE_TO = "visible_to_user_id"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """The cases this user may open: the ones assigned to them, every case for a mediation lead, none
        for anyone outside mediation. Superusers are not exempt. The one definition of case visibility."""
        if access.is_lead(user):
            cases = self.all()
        elif access.can_use_mediation(user):
            cases = self.filter(mediators=user)
        else:
            return self.none()
        return cases.annotate(**{VISIBLE_TO: models.Value(user.pk, output_field=models.IntegerField())})

    def conflict_type_counts(self) -> list[tuple[models.Model, int]]:
        """Every conflict type, in its order, with how many of these cases concern it (a case can concern
        several, so the counts need not add up to the number of cases)."""
        conflict_type = self.model._meta.get_field("conflict_types").related_model
        counted = conflict_type.objects.annotate(
            number=models.Count("cases", filter=models.Q(cases__in=self.values("pk")))
        )
        return [(row, row.number) for row in counted]

    def due_for_anonymisation(self, *, today: date) -> "CaseQuerySet":
        """Closed cases not yet anonymised whose retention period (MEDIATION_RETENTION_MONTHS) ran out by `today`."""
        cutoff = today - relativedelta(months=conf.retention_months())
        return self.filter(status=self.model.Status.CLOSED, closed_on__lte=cutoff, anonymised_at__isnull=True)

    def in_progress(self) -> "CaseQuerySet":
        """Cases still being worked: not closed, not anonymised."""
        return self.exclude(status=self.model.Status.CLOSED).filter(anonymised_at__isnull=True)


class AgreementQuerySet(models.QuerySet):
    def awaiting_follow_up(self, *, first: date, last: date) -> "AgreementQuerySet":
        """Agreements of cases in progress whose follow-up falls between `first` and `last` (both included)
        and whose outcome nobody has recorded yet."""
        case_model = self.model.case.field.related_model
        return self.filter(
            follow_up_on__range=(first, last),
            kept=self.model.Kept.NOT_YET_KNOWN,
            case__in=case_model.objects.in_progress(),
        )
