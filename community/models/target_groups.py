"""Who an activity is for. A small table (seeded by a migration) so filtering works on any database."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from community.choices import TargetGroupCode


class TargetGroupQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("sort_order", "code")


class TargetGroup(models.Model):
    """One of the fixed target groups: children, young people, families, adults, elderly, all residents."""

    code = models.CharField(_("code"), max_length=20, choices=TargetGroupCode.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TargetGroupQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return TargetGroupCode(self.code).label
