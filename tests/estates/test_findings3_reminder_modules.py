"""The reminders log looks for the apps' `reminders` modules once per process, not several times per page (a
module an app does not have is a search of the whole import path), and finds them again when the installed
apps change."""

import pytest
from django.core.signals import setting_changed

from estates import reminder_views
from mediation import reminders as mediation_reminders

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/reminders/"


@pytest.fixture
def searches(monkeypatch):
    made = []
    real = reminder_views.app_modules

    def counting(name):
        made.append(name)
        return real(name)

    monkeypatch.setattr(reminder_views, "app_modules", counting)
    reminder_views.reminder_modules.cache_clear()
    yield made
    reminder_views.reminder_modules.cache_clear()


def test_pages_of_the_log_search_for_the_modules_once(client, staff_user, searches):
    client.force_login(staff_user)
    for _ in range(3):
        assert client.get(LOG_URL).status_code == 200
    assert searches == ["reminders"]
    assert mediation_reminders in reminder_views.reminder_modules()


def test_a_change_of_the_installed_apps_is_seen(searches):
    reminder_views.reminder_modules()
    reminder_views.reminder_modules()
    setting_changed.send(sender=None, setting="LANGUAGE_CODE", value="da", enter=True)
    reminder_views.reminder_modules()
    assert searches == ["reminders"]
    setting_changed.send(sender=None, setting="INSTALLED_APPS", value=[], enter=True)
    reminder_views.reminder_modules()
    assert searches == ["reminders", "reminders"]
