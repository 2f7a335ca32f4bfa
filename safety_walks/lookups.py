"""Lookups the domain queries need beyond Django's own."""

from django.db.models import Lookup


class NotInWritten(Lookup):
    """`NOT (column IN ('a', 'b'))` with the values written into the SQL instead of bound as parameters. SQLite
    reads a partial index only when the query holds the index's own condition, and a bound parameter never is
    that: with parameters the open responsibilities are found by scanning and sorting all of them. The values are
    the code's own constants (never user input), and only plain words are accepted."""

    lookup_name = "not_in_written"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not all(str(value).replace("_", "").isalnum() for value in self.rhs):
            raise ValueError(f"Only plain words can be written into SQL: {self.rhs!r}")
        column, params = self.process_lhs(compiler, connection)
        values = ", ".join(f"'{value}'" for value in self.rhs)
        return f"NOT ({column} IN ({values}))", params
