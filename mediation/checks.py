"""System checks: a mediation encryption key that is set must be usable.

A missing key is named by the plugin's own check (boligsocial.E003 in estates.checks); this one names a key
that is set but is not a Fernet key, before the first case fails to save.
"""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

from estates.checks import bilingual
from mediation import conf, encryption


@register()
def encryption_key_is_usable(app_configs, **kwargs):
    if not conf.encryption_key():
        return []
    try:
        encryption.fernet()
    except ImproperlyConfigured:
        return [
            Error(
                bilingual(
                    gettext_noop(
                        "MEDIATION_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes)."
                    )
                ),
                hint=bilingual(
                    gettext_noop(
                        "Generate one with: python -c 'from cryptography.fernet import Fernet; "
                        "print(Fernet.generate_key().decode())'. A key that already encrypted cases must be kept."
                    )
                ),
                id="mediation.E001",
            )
        ]
    return []
