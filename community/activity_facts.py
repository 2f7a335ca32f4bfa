"""What an activity's card and feed say of it, worked out from its fields: one home for a Wagtail ActivityPage and
the calendar lists' plain `CardActivity` (community/calendar_list.py), which carry the same fields."""

from community.choices import TargetGroupCode, joins_generations
from community.conf import UID_DOMAIN


class ActivityFacts:
    """Needs `translation_key`, `place_name`, `place_address` and `target_group_codes`."""

    @property
    def ical_uid(self) -> str:
        """The iCalendar UID: from the page's translation key, so it survives renames and moves."""
        return f"activity-{self.translation_key}@{UID_DOMAIN}"

    @property
    def place_label(self) -> str:
        return ", ".join(part for part in (self.place_name, self.place_address) if part)

    @property
    def across_generations(self) -> bool:
        return joins_generations(self.target_group_codes)

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroupCode(code).label) for code in self.target_group_codes]
