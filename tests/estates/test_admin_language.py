"""The admin speaks Danish from the plugin's own catalogues, with no help from the host's locale/."""

from django.utils import translation
from django.utils.translation import gettext


def test_wagtail_modeladmins_screens_are_danish_without_the_hosts_catalogue(settings):
    settings.LOCALE_PATHS = []  # a host site has no catalogue of ours
    with translation.override("da"):
        assert gettext("Add %(object)s") % {"object": "fund"} == "Tilføj fund"
        assert gettext("Download XLSX") == "Hent XLSX"
        assert gettext("Inspect") == "Se"


def test_the_install_checks_speak_danish_from_the_plugins_catalogue(settings):
    settings.LOCALE_PATHS = []
    with translation.override("da"):
        assert gettext("“%(app)s” is missing from INSTALLED_APPS.") == "“%(app)s” mangler i INSTALLED_APPS."
