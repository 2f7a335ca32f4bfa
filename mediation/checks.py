"""System checks: mediation cannot run without a usable encryption key."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from mediation import encryption


@register()
def encryption_key_is_usable(app_configs, **kwargs):
    try:
        encryption.fernet()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'",
                id="mediation.E001",
            )
        ]
    return []
