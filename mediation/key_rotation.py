"""Key care: re-encrypt every stored value with the current key (and recompute the blind index with it), and
find out whether the configured keys still read what is stored.

Stored values are read raw (cast to text, so the encrypted field does not decrypt them) and written raw (a
`Value` expression, so the field does not encrypt them again). A row is rewritten only if it still holds the
token that was read: a mediator saving it meanwhile wrote with the current key already, and wins.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from mediation import blind_index, encryption

RAW = "raw_{}"
SAMPLE_PER_FIELD = 3


@dataclass
class RotationReport:
    rotated: int = 0  # values re-encrypted with the current key
    current: int = 0  # values already encrypted with it
    by_model: dict[str, int] = field(default_factory=dict)  # rotated values per model
    reindexed: int = 0  # blind-index digests recomputed with the current key


def _raw_values(model, names: list[str]):
    return model._default_manager.annotate(**{RAW.format(name): Cast(name, TextField()) for name in names})


def _plaintext(token: str) -> str:
    return encryption.decrypt(token) if token else ""


def rotate_all(*, batch_size: int = 200) -> RotationReport:
    """Re-encrypt every encrypted value of mediation with the current key, and recompute every blind-index
    digest (mediation.blind_index) with it, one transaction per batch of rows.

    Idempotent: a second run finds every value current and rewrites nothing. Raises UnreadableCaseData (and
    keeps the batches done so far, which are readable with the current key) when a value reads with no key.
    """
    report = RotationReport()
    for model, names in encryption.encrypted_fields_by_model():
        indexes = blind_index.fields_of(model)
        raw_names = [RAW.format(name) for name in names]
        rows = _raw_values(model, names).order_by("pk")
        last_pk = None
        while True:
            batch = rows if last_pk is None else rows.filter(pk__gt=last_pk)
            values = list(batch.values_list("pk", *raw_names, *(index.attname for index in indexes))[:batch_size])
            if not values:
                break
            last_pk = values[-1][0]
            with transaction.atomic():
                for pk, *stored in values:
                    tokens = dict(zip(names, stored[: len(names)], strict=True))
                    digests = dict(zip((index.attname for index in indexes), stored[len(names) :], strict=True))
                    changes, unchanged = {}, {}
                    for name, token in tokens.items():
                        if not token:
                            continue
                        if encryption.is_current(token):
                            report.current += 1
                            continue
                        changes[name] = Value(encryption.rotate(token), output_field=TextField())
                        unchanged[RAW.format(name)] = token
                    reindexed = {}
                    for index in indexes:
                        sources = [_plaintext(tokens[source]) for source in index.sources]
                        fresh = blind_index.digest(*sources)
                        if fresh != digests[index.attname]:
                            reindexed[index.attname] = fresh
                            unchanged.update({RAW.format(source): tokens[source] for source in index.sources})
                    if changes or reindexed:
                        # Only if the row still holds what was read: a mediator's save meanwhile wins.
                        read = [name for name in names if RAW.format(name) in unchanged]
                        still = _raw_values(model, read).filter(pk=pk, **unchanged)
                        if still.update(**changes, **reindexed):
                            report.rotated += len(changes)
                            report.reindexed += len(reindexed)
                            if changes:
                                label = model._meta.label
                                report.by_model[label] = report.by_model.get(label, 0) + len(changes)
    return report


def unreadable_fields() -> list[str]:
    """The encrypted fields (`Model.field`) of which a stored sample does not decrypt with the configured keys.

    A few values per field, the newest first: enough to notice a wrong or missing key at start-up without
    reading the whole database. Empty when the tables do not exist yet (before `migrate`).
    """
    unreadable = []
    try:
        for model, names in encryption.encrypted_fields_by_model():
            for name in names:
                raw = RAW.format(name)
                tokens = (
                    _raw_values(model, [name])
                    .exclude(**{raw: ""})
                    .filter(**{f"{raw}__isnull": False})
                    .order_by("-pk")
                    .values_list(raw, flat=True)[:SAMPLE_PER_FIELD]
                )
                for token in tokens:
                    try:
                        encryption.fernet().decrypt(token.encode("ascii"))
                    except Exception:  # noqa: BLE001 (InvalidToken, a non-ASCII value: either way unreadable)
                        unreadable.append(f"{model._meta.label}.{name}")
                        break
    except DatabaseError:
        return []
    return unreadable
