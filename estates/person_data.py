"""One person-data export and erasure for the whole plugin (GDPR articles 15 and 17).

Each app that keeps contact data of people without an account (activity sign-ups, resident reports,
followers) registers a source with the `boligsocial_person_data` hook:

    @hooks.register(PERSON_DATA_HOOK)
    def signups() -> PersonDataSource: ...

Staff look a person up by email address or phone number; every source answers with its section of the
export (read back as a file) and can erase what it holds about that person. Mediation keeps its own,
stricter export behind the case policy and does not register here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from wagtail import hooks

PERSON_DATA_HOOK = "boligsocial_person_data"


@dataclass(frozen=True)
class PersonDataSection:
    title: str  # translated, e.g. "Tilmeldinger til aktiviteter"
    columns: list[str]  # translated column headings
    rows: list[list[str]] = field(default_factory=list)


class PersonDataSource(Protocol):
    def find(self, *, email: str, phone: str) -> PersonDataSection:
        """What the source holds about the person (an empty section when nothing); a bounded number of queries."""

    def erase(self, *, email: str, phone: str) -> int:
        """Delete or anonymise what the source holds about the person; the number of records touched."""


def person_data_sources() -> list[PersonDataSource]:
    return [make() for make in hooks.get_hooks(PERSON_DATA_HOOK)]


def normalised_email(email: str) -> str:
    return email.strip().lower()


def normalised_phone(phone: str) -> str:
    """Digits only, without a Danish +45/0045 prefix, so '+45 12 34 56 78' matches '12345678'."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    for prefix in ("0045", "45"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 8:
            return digits[len(prefix) :]
    return digits
