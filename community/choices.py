"""The fixed vocabularies of the calendar: target groups, themes, recurrence and status.

Target group and theme values appear in shareable web addresses, so they are short Danish slugs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroupCode(models.TextChoices):
    CHILDREN = "boern", _("Children")
    YOUTH = "unge", _("Young people")
    FAMILIES = "familier", _("Families")
    ADULTS = "voksne", _("Adults")
    ELDERLY = "aeldre", _("Elderly")
    ALL_RESIDENTS = "alle", _("All residents")


# The age band of each group: an activity that joins two bands brings generations together.
# "All residents" belongs to no band, so it never makes an activity "across generations" by itself.
AGE_BANDS = {
    TargetGroupCode.CHILDREN: "young",
    TargetGroupCode.YOUTH: "young",
    TargetGroupCode.FAMILIES: "young",
    TargetGroupCode.ADULTS: "adult",
    TargetGroupCode.ELDERLY: "old",
}


def joins_generations(codes) -> bool:
    """True when the target groups span at least two age bands (e.g. young people and the elderly)."""
    return len({AGE_BANDS[code] for code in codes if code in AGE_BANDS}) >= 2


class Theme(models.TextChoices):
    NEIGHBOURLINESS = "naboskab", _("Neighbourliness and community")
    LEARNING = "laering", _("Learning and homework")
    CULTURE = "kultur", _("Culture and creativity")
    SPORT = "motion", _("Sport and outdoor life")
    FOOD = "mad", _("Food and get-togethers")
    CELEBRATION = "fest", _("Parties and traditions")
    SAFETY = "tryghed", _("Safety")
    ADVICE = "raadgivning", _("Advice and help")


# Theme and follow-up meetings from safety walks belong to this theme in the calendar's filter.
MEETINGS_THEME = Theme.SAFETY


class Recurrence(models.TextChoices):
    NONE = "none", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    EVERY_OTHER_WEEK = "biweekly", _("Every other week")
    EVERY_N_WEEKS = "every_n_weeks", _("Every few weeks (choose how many below)")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every month on the same weekday (e.g. the second Tuesday)")
    MONTHLY_DATE = "monthly_date", _("Every month on the same date (e.g. the 15th)")


# Every N weeks: from every second to every twelfth week (every week and every other week have their own choice).
WEEK_INTERVALS = range(2, 13)
# Monthly by date: only dates every month has, so no month is skipped without the staff noticing.
LAST_MONTHLY_DATE = 28


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class ExceptionAction(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved")
