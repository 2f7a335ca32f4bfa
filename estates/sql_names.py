"""Quoted table and column names of a model, for the few queries written as SQL by hand (where building them with
Django's expressions cost more than running them: the calendar's meetings check, its cards' areas and groups)."""


def quoted_names(ops, model, *fields: str) -> list[str]:
    """[the model's quoted table, then each named field's quoted column], with the connection's `ops`."""
    meta = model._meta
    return [ops.quote_name(meta.db_table), *(ops.quote_name(meta.get_field(name).column) for name in fields)]
