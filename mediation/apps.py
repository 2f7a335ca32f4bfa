from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    label = "mediation"
    verbose_name = _("Mediation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's place to register system checks and signal receivers: imported once the app registry is
        # ready, because the check loads the encrypted model fields (django-fernet-encrypted-fields).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, pre_save

        from mediation import checks, grants  # noqa: F401  (checks registers the system checks)

        # Mediation roles are granted by mediation leads only, and every grant is logged (mediation.grants).
        m2m_changed.connect(
            grants.on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="mediation-roles"
        )
        pre_save.connect(grants.on_group_saved, sender=Group, dispatch_uid="mediation-role-groups")
        request_started.connect(grants.request_started, dispatch_uid="mediation-roles-request-started")
        request_finished.connect(grants.request_finished, dispatch_uid="mediation-roles-request-finished")
