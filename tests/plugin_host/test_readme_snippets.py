"""The README's install contract (issue #11): both snippets are there, after their markers, as valid Python.

Fast, and part of every `make test`; the fresh-host proof (test_fresh_host.py) applies them to a real site.
"""

from pathlib import Path

import wagtail

from tests.plugin_host.host import readme_snippets


def test_the_readme_holds_the_settings_and_urls_snippets_after_their_markers():
    snippets = readme_snippets()
    assert set(snippets) >= {"settings", "urls"}
    for name in ("settings", "urls"):
        compile(snippets[name], f"README.md install:{name}", "exec")


def test_a_marker_takes_only_the_fenced_block_right_after_it():
    text = "<!-- install:settings -->\n```python\nA = 1\n```\n\n```python\nB = 2\n```\n"
    assert readme_snippets(text) == {"settings": "A = 1\n"}


def wagtail_start_settings() -> dict:
    """The settings `wagtail start` writes (Wagtail's own project template), as a module namespace."""
    template = Path(wagtail.__file__).parent / "project_template" / "project_name" / "settings" / "base.py"
    namespace = {"__file__": "/srv/host/host/settings/base.py"}
    exec(template.read_text(encoding="utf-8").replace("{{ project_name }}", "host"), namespace)  # noqa: S102
    return namespace


def test_the_languages_snippet_puts_the_locale_and_the_page_cache_in_order_in_a_wagtail_start_host():
    """Applied after the settings snippet to Wagtail's own settings: the language is chosen after the session and
    before the page cache reads its key (a kept page has its language), and both before CSRF and authentication."""
    snippets = readme_snippets()
    settings = wagtail_start_settings()
    exec(snippets["settings"], settings)  # noqa: S102
    exec(snippets["languages"], settings)  # noqa: S102
    order = settings["MIDDLEWARE"]
    position = order.index
    locale, cache = (
        "estates.locale_middleware.LocaleMiddleware",
        "estates.cache_middleware.AnonymousPageCacheMiddleware",
    )
    assert position("django.contrib.sessions.middleware.SessionMiddleware") < position(locale)
    assert position(cache) == position(locale) + 1
    assert position(cache) < position("django.middleware.csrf.CsrfViewMiddleware")
    assert position(cache) < position("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert len(order) == len(set(order))
    assert "django.middleware.locale.LocaleMiddleware" not in order
