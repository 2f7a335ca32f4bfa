"""`manage.py check` names a host that did not mount the plugin's addresses: reminders need the unsubscribe link."""

from django.test import override_settings

from estates import checks


def test_a_host_without_the_plugins_addresses_is_named_by_check_e015():
    assert checks.check_plugin_urls(None) == []
    with override_settings(ROOT_URLCONF="tests.mail.urls_without_plugin"):
        (error,) = checks.check_plugin_urls(None)
    assert error.id == "boligsocial.E015"
    assert 'include("estates.urls")' in error.hint
