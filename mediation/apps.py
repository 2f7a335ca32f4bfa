from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    label = "mediation"
    verbose_name = _("Mediation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's place to register system checks: imported once the app registry is ready, because the
        # check loads the encrypted model fields (django-fernet-encrypted-fields).
        from mediation import checks  # noqa: F401  (registers the system checks)
