from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyWalksConfig(AppConfig):
    name = "safety_walks"
    label = "safety_walks"
    verbose_name = _("Safety walks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's way to connect receivers: the models can only be imported once the app registry is ready.
        from safety_walks import signals  # noqa: F401
