"""`manage.py check` names what a host site is missing, with a hint in Danish and in English."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from estates import checks

FERNET_KEY = "x3Wk1m3b8c9QGxq2c6M0m1K6o4a2Yw9Qe5s7T1u3V5A="


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_demo_site_passes_every_plugin_check():
    for check in (
        checks.check_base_url,
        checks.check_encryption_key,
        checks.check_installed_apps,
        checks.check_task_queue,
        checks.check_logins,
        checks.check_api,
    ):
        assert check(None) == [], check.__name__


def test_a_missing_base_url_stops_manage_py_check_with_a_danish_and_english_hint(settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    with translation.override("da"), pytest.raises(SystemCheckError) as raised:
        call_command("check")
    report = str(raised.value)
    assert "boligsocial.E001" in report
    assert "Sæt WAGTAILADMIN_BASE_URL til sitets offentlige adresse" in report
    assert "Set WAGTAILADMIN_BASE_URL to the site's public address" in report


def test_a_base_url_without_a_scheme_is_refused(settings):
    settings.WAGTAILADMIN_BASE_URL = "tryghed.example"
    [error] = checks.check_base_url(None)
    assert error.id == "boligsocial.E002"
    assert "tryghed.example" in error.msg


def test_without_a_setting_for_the_base_url_at_all_the_check_names_it(settings):
    del settings.WAGTAILADMIN_BASE_URL
    assert ids(checks.check_base_url(None)) == ["boligsocial.E001"]


def test_an_absolute_base_url_passes(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://tryghed.example/"
    assert checks.check_base_url(None) == []


def test_a_missing_mediation_key_is_named_with_how_to_make_one(settings):
    settings.MEDIATION_ENCRYPTION_KEY = ""
    [error] = checks.check_encryption_key(None)
    assert error.id == "boligsocial.E003"
    assert "Fernet.generate_key()" in error.hint
    settings.MEDIATION_ENCRYPTION_KEY = FERNET_KEY
    assert checks.check_encryption_key(None) == []


@pytest.mark.parametrize("app", ["django_q", "axes", "wagtail_modeladmin", "wagtail.api.v2"])
def test_each_missing_app_is_named(settings, app, monkeypatch):
    # INSTALLED_APPS itself cannot be changed under a running test (Django would reload every app), so the
    # check is given a list without the app, as a host's settings would be.
    monkeypatch.setattr(checks, "installed_apps", lambda: [name for name in settings.INSTALLED_APPS if name != app])
    [error] = checks.check_installed_apps(None)
    assert error.id == "boligsocial.E004"
    assert f"“{app}”" in error.msg


def test_without_q_cluster_the_worker_setting_is_named(settings):
    del settings.Q_CLUSTER
    assert ids(checks.check_task_queue(None)) == ["boligsocial.E005"]


def test_without_the_axes_backend_passwords_could_be_guessed(settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    assert ids(checks.check_logins(None)) == ["boligsocial.E006"]


def test_without_the_axes_middleware_it_is_named(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.AXES_MIDDLEWARE]
    assert ids(checks.check_logins(None)) == ["boligsocial.E007"]


def test_without_the_partner_scope_middleware_it_is_named(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.PARTNER_SCOPE_MIDDLEWARE]
    [error] = checks.check_logins(None)
    assert error.id == "boligsocial.E008"
    assert checks.PARTNER_SCOPE_MIDDLEWARE in error.msg


def test_a_urlconf_without_the_plugins_api_is_named(settings):
    settings.ROOT_URLCONF = "tests.estates.urls_without_api"
    assert ids(checks.check_api(None)) == ["boligsocial.E009"]


def test_a_host_router_on_which_the_plugin_was_never_registered_is_named(settings):
    settings.ROOT_URLCONF = "tests.estates.urls_router_without_plugin"
    assert ids(checks.check_api(None)) == ["boligsocial.E009"]


def test_the_readme_url_snippet_satisfies_the_api_check(settings):
    settings.ROOT_URLCONF = "tests.estates.urls_readme_snippet"
    assert checks.check_api(None) == []


def test_hints_are_english_only_on_an_english_site(settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    with translation.override("en"):
        [error] = checks.check_base_url(None)
    assert error.hint == (
        "Set WAGTAILADMIN_BASE_URL to the site's public address, e.g. WAGTAILADMIN_BASE_URL = “https://tryghed.example”."
    )
