"""Model fields that keep case narratives encrypted at rest, and fail loudly when they cannot be read.

Built on django-fernet-encrypted-fields, with three deliberate changes:
- the key is MEDIATION_ENCRYPTION_KEY, a Fernet key of its own, not one derived from SECRET_KEY (rotating
  the site's SECRET_KEY must not make every case unreadable, and the narratives need a key that can be
  kept and backed up on its own);
- a value that does not decrypt raises `UnreadableCaseData` instead of being returned as if it were the
  text, so a wrong key never shows ciphertext to a mediator or saves it back over the real data;
- keys rotate: values are written with MEDIATION_ENCRYPTION_KEY and read with it or any key of
  MEDIATION_OLD_ENCRYPTION_KEYS (MultiFernet); `manage.py rotate_mediation_key` re-encrypts old values.
Empty values are stored as empty strings (nothing to hide, and retention can blank a field).
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from encrypted_fields import fields as encrypted_fields

from mediation import conf


class UnreadableCaseData(RuntimeError):
    """Stored case data could not be decrypted: MEDIATION_ENCRYPTION_KEY is not the key it was written with."""


@lru_cache(maxsize=8)
def _fernet_for(key: str, setting: str = "MEDIATION_ENCRYPTION_KEY") -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{setting} is not a valid Fernet key (32 url-safe base64-encoded bytes)."
        ) from error


@lru_cache(maxsize=4)
def _multi_fernet_for(key: str, old_keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet_for(key), *(_fernet_for(old, "MEDIATION_OLD_ENCRYPTION_KEYS") for old in old_keys)])


def current_fernet() -> Fernet:
    """The cipher of the current key only: what every value is written with."""
    return _fernet_for(conf.encryption_key())


def fernet() -> MultiFernet:
    """Writes with the current key, reads with it or an old one (settings read on every call, so a changed
    setting takes effect)."""
    return _multi_fernet_for(conf.encryption_key(), conf.old_encryption_keys())


def is_current(token: str) -> bool:
    """Whether a stored value is encrypted with the current key (nothing to rotate)."""
    try:
        current_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str) -> str:
    """The same value encrypted with the current key (its timestamp kept); raises UnreadableCaseData when no
    configured key reads it."""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as error:
        raise UnreadableCaseData(
            "Mediation case data could not be decrypted with MEDIATION_ENCRYPTION_KEY or any key of "
            "MEDIATION_OLD_ENCRYPTION_KEYS."
        ) from error


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        # Never include the token or any plaintext in the message: it may end up in a log or error page.
        raise UnreadableCaseData(
            "Mediation case data could not be decrypted: neither MEDIATION_ENCRYPTION_KEY nor a key of "
            "MEDIATION_OLD_ENCRYPTION_KEYS is the key the data was written with."
        ) from error


class StrictEncryptedFieldMixin:
    """Encrypt on the way in; decrypt strictly on the way out of the database."""

    @property
    def f(self) -> MultiFernet:  # the library's own attribute name, kept so its helpers use our keys
        return fernet()

    def get_prep_value(self, value):
        value = models.Field.get_prep_value(self, value)
        if value is None or value == "":
            return ""
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return ""
        return decrypt(value)

    def to_python(self, value):
        # Values that reach to_python come from forms and code, never from the database: they are plaintext.
        return super(encrypted_fields.EncryptedFieldMixin, self).to_python(value)

    def clean(self, value, model_instance):
        return models.Field.clean(self, value, model_instance)


class EncryptedTextField(StrictEncryptedFieldMixin, encrypted_fields.EncryptedTextField):
    pass


class EncryptedCharField(StrictEncryptedFieldMixin, encrypted_fields.EncryptedCharField):
    pass


def encrypted_fields_by_model() -> list[tuple[type[models.Model], list[str]]]:
    """Every model of the app with the names of its encrypted fields (for rotation and the start-up check)."""
    app = apps.get_app_config("mediation")
    found = []
    for model in app.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, StrictEncryptedFieldMixin)]
        if names:
            found.append((model, names))
    return found
