"""System checks: the mediation encryption keys that are set must be usable, and must read the stored data.

A missing key is named by the plugin's own check (boligsocial.E003 in estates.checks); E001 names a key that
is set but is not a Fernet key, before the first case fails to save. E002 is a database check (run by
`manage.py check --database default` and by `migrate`): a sample of the stored values must decrypt with the
configured keys, so a wrong key is named at start-up, not by the first mediator who opens a case.
"""

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

from estates.checks import bilingual
from mediation import conf, encryption, key_rotation


@register()
def encryption_key_is_usable(app_configs, **kwargs):
    if not conf.encryption_key():
        return []
    try:
        encryption.fernet()
    except ImproperlyConfigured as error:
        old = "MEDIATION_OLD_ENCRYPTION_KEYS" in str(error)
        return [
            Error(
                bilingual(
                    gettext_noop(
                        "MEDIATION_OLD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe "
                        "base64-encoded bytes)."
                    )
                    if old
                    else gettext_noop(
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


@register(Tags.database)
def encryption_keys_read_the_stored_data(app_configs, databases=None, **kwargs):
    if not databases or not conf.encryption_key() or encryption_key_is_usable(app_configs):
        return []
    unreadable = key_rotation.unreadable_fields()
    if not unreadable:
        return []
    return [
        Error(
            bilingual(
                gettext_noop(
                    "Stored mediation data cannot be decrypted with MEDIATION_ENCRYPTION_KEY or "
                    "MEDIATION_OLD_ENCRYPTION_KEYS (%(fields)s)."
                ),
                fields=", ".join(unreadable),
            ),
            hint=bilingual(
                gettext_noop(
                    "Set the key the data was written with: as MEDIATION_ENCRYPTION_KEY, or, after a key change, "
                    "in MEDIATION_OLD_ENCRYPTION_KEYS, then run manage.py rotate_mediation_key."
                )
            ),
            id="mediation.E002",
        )
    ]
