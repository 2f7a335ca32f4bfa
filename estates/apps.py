from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstatesConfig(AppConfig):
    name = "estates"
    label = "estates"
    verbose_name = _("Housing areas and organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the app registry is ready: the checks read the URLconf, and install.py imports
        # every plugin app's section page model.
        from estates import checks  # noqa: F401  (registers the system checks)
        from estates.install import connect_signals
        from estates.signals import connect as connect_image_cleaning

        connect_signals()
        connect_image_cleaning()
