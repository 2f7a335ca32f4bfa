"""A `wagtail start` host's urls.py with the README's URL snippet appended verbatim (see test_api.py).

Like a fresh host it has its own search page; the i18n URLs are there because the pages render with the
demo site's templates (their footer switches language)."""

from pathlib import Path

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from home import views as home_views
from tests.estates.readme import readme_snippet

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
]

exec(compile(readme_snippet("urls"), str(Path(__file__)), "exec"))  # noqa: S102  the README's text, as a host runs it
