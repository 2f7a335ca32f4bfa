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
        from django.utils.module_loading import autodiscover_modules

        from estates import checks  # noqa: F401  (registers the system checks)
        from estates.admin_shell import connect as connect_admin_menu_versions
        from estates.frontend_cache import connect as connect_cache_purges
        from estates.install import connect_signals
        from estates.signals import connect as connect_image_cleaning

        connect_signals()
        connect_admin_menu_versions()
        connect_image_cleaning()
        # Each app's `cache_purge` module declares which public addresses its rows show on (cache: #18).
        autodiscover_modules("cache_purge")
        connect_cache_purges()
