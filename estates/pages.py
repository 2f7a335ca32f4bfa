"""What every public page of the plugin shares: it renders inside the host's own base template; lists of public
pages ask for the pages outside private sections inside their own query (`public_pages`)."""

from django.db.models import BooleanField, Expression, F, QuerySet
from wagtail.models import Page, PageViewRestriction

from estates import conf


class BoligsocialPageMixin:
    """Put first in the bases of each public plugin page: its templates extend `boligsocial/layout.html`,
    which extends the template named by BOLIGSOCIAL_BASE_TEMPLATE (the host's `base.html` by default)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["boligsocial_base_template"] = conf.setting("BOLIGSOCIAL_BASE_TEMPLATE")
        return context


class _NotInPrivateSection(Expression):
    """True for a page neither restricted nor below a restricted page: the SQL written out, with the outer page's
    path as its one column (relabelled like any other when the list is nested in another query). Django's
    `~Exists(...)` around a correlated subquery costs far more to build and compile than the query costs to run."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, path):
        super().__init__()
        self.path = path

    def get_source_expressions(self):
        return [self.path]

    def set_source_expressions(self, exprs):
        (self.path,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.path = self.path.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return resolved

    def as_sql(self, compiler, connection):
        path_sql, params = compiler.compile(self.path)
        quote = connection.ops.quote_name
        restrictions, pages = quote(PageViewRestriction._meta.db_table), quote(Page._meta.db_table)
        # A page's tree path starts with the path of every page above it.
        # Quoted table and column names; the path compiled by Django, any values as params.
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {restrictions} bs_restriction INNER JOIN {pages} bs_restricted "  # noqa: S608
            f"ON bs_restricted.{quote('id')} = bs_restriction.{quote('page_id')} "
            f"WHERE SUBSTR({path_sql}, 1, LENGTH(bs_restricted.{quote('path')})) = bs_restricted.{quote('path')})"
        )
        return sql, params


def not_in_private_section(path: str = "path") -> Expression:
    """The condition of `public_pages`, for a query that reaches the pages through a relation: give it in the
    same `filter()` call as the other conditions on those pages, so it is asked of the same rows
    (`HousingArea.objects.filter(Q(walks__live=True), not_in_private_section("walks__path"))`)."""
    return _NotInPrivateSection(F(path))


def public_pages(pages: QuerySet) -> QuerySet:
    """Wagtail's `PageQuerySet.public()` as one SQL condition inside the list's own query: the pages not in a
    private section, neither a restricted page nor one of its descendants.

    Wagtail's own `public()` reads every view restriction when the queryset is built, one query each time it is
    called, even for a list never read. Any page queryset (a Page subclass's) may be passed; nested in another
    query (`filter(walks__in=public_pages(...))`) it keeps its meaning."""
    return pages.filter(not_in_private_section())
