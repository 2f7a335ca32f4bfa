"""The apps' named modules (`reminders`, `api`, ...) are looked for once per process, not several times per page
(a module an app does not have is a search of the whole import path), and found again when the installed apps
change (estates.discovery.app_modules)."""

import pytest
from django.core.signals import setting_changed

from estates import discovery
from mediation import reminders as mediation_reminders

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/reminders/"


@pytest.fixture
def searches(monkeypatch):
    made = []
    real = discovery.import_module

    def counting(dotted):
        made.append(dotted.rsplit(".", 1)[-1])
        return real(dotted)

    monkeypatch.setattr(discovery, "import_module", counting)
    discovery.app_modules.cache_clear()
    yield made
    discovery.app_modules.cache_clear()


def test_pages_of_the_log_search_for_the_modules_once(client, staff_user, searches):
    client.force_login(staff_user)
    client.get(LOG_URL)
    first = searches.count("reminders")
    assert first > 0
    for _ in range(2):
        assert client.get(LOG_URL).status_code == 200
    assert searches.count("reminders") == first
    assert mediation_reminders in discovery.app_modules("reminders")


def test_a_change_of_the_installed_apps_is_seen(searches):
    discovery.app_modules("reminders")
    once = len(searches)
    discovery.app_modules("reminders")
    setting_changed.send(sender=None, setting="LANGUAGE_CODE", value="da", enter=True)
    discovery.app_modules("reminders")
    assert len(searches) == once
    setting_changed.send(sender=None, setting="INSTALLED_APPS", value=[], enter=True)
    discovery.app_modules("reminders")
    assert len(searches) == 2 * once
