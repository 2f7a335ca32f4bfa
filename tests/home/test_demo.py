import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

# Models whose rows the demo loader creates; later apps' models are counted too once they exist.
COUNTED = [
    "wagtailcore.Page",
    "wagtailcore.Site",
    "auth.User",
    "estates.HousingArea",
    "estates.Organisation",
    "estates.Membership",
    "home.TeamContact",
]


def snapshot() -> dict[str, int]:
    counted = COUNTED + [
        f"{model._meta.app_label}.{model.__name__}"
        for app in ("safety_walks", "community", "mediation")
        for model in apps.get_app_config(app).get_models()
    ]
    return {label: apps.get_model(label).objects.count() for label in counted}


def test_demo_loader_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert first["estates.HousingArea"] == 3
    assert first["estates.Organisation"] >= 4


def test_demo_loader_prints_the_demo_logins_and_they_work(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    from estates.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in out.getvalue()
    for username in ("medarbejder", "maegler", "maeglingsleder", "politi"):
        assert username in out.getvalue()
        assert client.login(username=username, password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200


def test_demo_loader_refuses_outside_dev_settings(settings):
    settings.BOLIGSOCIAL_DEMO_CONTENT = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
