"""A keyed blind index: find the party rows of one person without decrypting every party.

A party's name and address are encrypted (mediation.encryption), so the database cannot compare them. Each
party row also keeps `person_index`: HMAC-SHA256 of its normalised name and address, keyed with a key
derived (HKDF-SHA256) from MEDIATION_ENCRYPTION_KEY. Equal people give equal digests, so "the same person"
is an exact, indexed match; without the key the column reveals nothing but which rows are equal (the digest
of a guessed name cannot be computed without the key).

Rows written before a key change keep digests of the old key until `manage.py rotate_mediation_key`
recomputes them; until then a lookup asks for the digest under the current key and every old key.
"""

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from mediation import conf

DIGEST_LENGTH = 64  # hex of SHA-256
_INFO = b"boligsocial mediation party blind index v1"
_SEPARATOR = "\x1f"  # a unit separator cannot be typed into a name or an address


def normalised(text: str) -> str:
    """Casefolded, whitespace collapsed: 'Jonas  Berg ' and 'jonas berg' are the same name."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


@lru_cache(maxsize=8)
def _index_key(fernet_key: str) -> bytes:
    """A key of its own for the index, derived from a Fernet key: never the key that encrypts."""
    try:
        material = base64.urlsafe_b64decode(fernet_key.encode("ascii"))
    except (ValueError, UnicodeError) as error:  # binascii.Error is a ValueError
        raise ImproperlyConfigured("A mediation encryption key is not a valid Fernet key.") from error
    if len(material) != 32:
        raise ImproperlyConfigured("A mediation encryption key is not a valid Fernet key.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)


def _digest(fernet_key: str, values: tuple[str, ...]) -> str:
    message = _SEPARATOR.join(normalised(value) for value in values).encode("utf-8")
    return hmac.new(_index_key(fernet_key), message, hashlib.sha256).hexdigest()


def digest(*values: str) -> str:
    """The digest of these values (normalised) under the current MEDIATION_ENCRYPTION_KEY: what is stored."""
    return _digest(conf.encryption_key(), values)


def lookup_digests(*values: str) -> list[str]:
    """The digests to look for: under the current key, and under each old key until rotation has run."""
    return list(dict.fromkeys(_digest(key, values) for key in (conf.encryption_key(), *conf.old_encryption_keys())))


class BlindIndexField(models.CharField):
    """The keyed digest of other fields of the row, computed whenever the row is written (save, create and
    bulk_create call `pre_save`; a queryset `update()` of a source field must set it too). Never edited."""

    def __init__(self, *args, sources: tuple[str, ...] = (), **kwargs):
        self.sources = tuple(sources)
        kwargs["max_length"] = DIGEST_LENGTH
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        del kwargs["max_length"]
        return name, path, args, kwargs

    def digest_of(self, instance) -> str:
        return digest(*(getattr(instance, source) or "" for source in self.sources))

    def pre_save(self, model_instance, add):
        value = self.digest_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def fields_of(model) -> list[BlindIndexField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, BlindIndexField)]
