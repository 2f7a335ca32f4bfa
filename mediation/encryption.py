"""Model fields that keep case narratives encrypted at rest, and fail loudly when they cannot be read.

Built on django-fernet-encrypted-fields, with two deliberate changes:
- the key is MEDIATION_ENCRYPTION_KEY, a Fernet key of its own, not one derived from SECRET_KEY (rotating
  the site's SECRET_KEY must not make every case unreadable, and the narratives need a key that can be
  kept and backed up on its own);
- a value that does not decrypt raises `UnreadableCaseData` instead of being returned as if it were the
  text, so a wrong key never shows ciphertext to a mediator or saves it back over the real data.
Empty values are stored as empty strings (nothing to hide, and retention can blank a field).
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from encrypted_fields import fields as encrypted_fields

from mediation import conf


class UnreadableCaseData(RuntimeError):
    """Stored case data could not be decrypted: MEDIATION_ENCRYPTION_KEY is not the key it was written with."""


@lru_cache(maxsize=4)
def _fernet_for(key: str) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "MEDIATION_ENCRYPTION_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes)."
        ) from error


def fernet() -> Fernet:
    """The cipher for the configured key (read on every call, so a changed setting takes effect)."""
    return _fernet_for(conf.encryption_key())


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        # Never include the token or any plaintext in the message: it may end up in a log or error page.
        raise UnreadableCaseData(
            "Mediation case data could not be decrypted: MEDIATION_ENCRYPTION_KEY does not match the key "
            "the data was written with."
        ) from error


class StrictEncryptedFieldMixin:
    """Encrypt on the way in; decrypt strictly on the way out of the database."""

    @property
    def f(self) -> Fernet:  # the library's own attribute name, kept so its helpers use our key
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
