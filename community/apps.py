from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from community import signals
        from community.models.occurrences import StoredOccurrence

        # Stored occurrences follow every change of an activity (community/signals.py says which).
        signals.connect(
            store=StoredOccurrence.objects.store,
            store_later=StoredOccurrence.objects.store_by_id,
            store_missing=StoredOccurrence.objects.store_missing,
            table=StoredOccurrence._meta.db_table,
        )
