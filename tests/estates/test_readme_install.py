"""The README's settings snippet, appended verbatim to the settings a fresh `wagtail start` project has."""

from pathlib import Path

import wagtail

from estates import checks
from tests.estates.readme import readme_snippet

WAGTAIL_PROJECT_SETTINGS = Path(wagtail.__file__).parent / "project_template" / "project_name" / "settings" / "base.py"


def host_settings() -> dict:
    """Run the project template's base.py with the README's snippet appended, as the host's Python would."""
    source = WAGTAIL_PROJECT_SETTINGS.read_text(encoding="utf-8") + "\n" + readme_snippet("settings")
    namespace = {"__file__": str(WAGTAIL_PROJECT_SETTINGS)}
    exec(compile(source, "base.py", "exec"), namespace)  # noqa: S102  the template and the README, as a host runs them
    return namespace


def test_the_snippet_adds_every_app_the_checks_require_once_and_before_wagtails_own():
    apps = host_settings()["INSTALLED_APPS"]
    assert len(apps) == len(set(apps))
    assert [app for app in checks.REQUIRED_APPS if app not in apps] == []
    # The plugin's Danish catalogues win over wagtail-modeladmin's and Wagtail's: Django prefers earlier apps.
    for plugin_app in ("estates", "safety_walks", "community", "mediation"):
        assert apps.index(plugin_app) < apps.index("wagtail_modeladmin") < apps.index("wagtail.admin")
    assert apps.index("home") < apps.index("estates")  # the host's own templates still win


def test_the_snippet_puts_the_middleware_where_it_works():
    middleware = host_settings()["MIDDLEWARE"]
    assert middleware[-1] == checks.AXES_MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware.index(checks.PARTNER_SCOPE_MIDDLEWARE) > auth


def test_the_snippet_sets_what_the_checks_ask_for(monkeypatch):
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "https://tryghed.example/")
    monkeypatch.setenv("MEDIATION_ENCRYPTION_KEY", "x3Wk1m3b8c9QGxq2c6M0m1K6o4a2Yw9Qe5s7T1u3V5A=")
    settings = host_settings()
    assert settings["WAGTAILADMIN_BASE_URL"] == "https://tryghed.example"
    assert settings["MEDIATION_ENCRYPTION_KEY"] == "x3Wk1m3b8c9QGxq2c6M0m1K6o4a2Yw9Qe5s7T1u3V5A="
    assert settings["AUTHENTICATION_BACKENDS"][0].startswith(checks.AXES_BACKEND_PREFIX)
    assert settings["Q_CLUSTER"]["orm"] == "default"
    assert settings["Q_CLUSTER"]["retry"] > settings["Q_CLUSTER"]["timeout"]
    assert (settings["LANGUAGE_CODE"], settings["TIME_ZONE"]) == ("da", "Europe/Copenhagen")


def test_without_the_environment_the_base_url_is_where_runserver_serves_and_the_key_is_missing(monkeypatch):
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    monkeypatch.delenv("MEDIATION_ENCRYPTION_KEY", raising=False)
    settings = host_settings()
    assert settings["WAGTAILADMIN_BASE_URL"] == "http://127.0.0.1:8000"
    assert settings["MEDIATION_ENCRYPTION_KEY"] == ""  # boligsocial.E003 names it (test_checks.py)
