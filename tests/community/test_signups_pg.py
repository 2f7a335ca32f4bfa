"""Two residents take the last place at the same moment, on PostgreSQL: one is confirmed, one waits.

Run with DATABASE_URL=postgres://... (skipped on SQLite, whose single writer cannot show a race)."""

import threading
import time

import pytest
from django.db import connection, connections

from community.models.signups import SignUp
from community.signups import availability, services
from tests.community.builders import make_calendar
from tests.community.signup_builders import make_signup_activity

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL"),
]


def test_two_people_taking_the_last_place_at_once_give_one_confirmed_and_one_waiting(home_page, monkeypatch):
    activity = make_signup_activity(make_calendar(parent=home_page), capacity=5)
    services.sign_up(activity=activity, occurrence_start=None, name="Først", email="f@example.dk", people=4)

    # Widen the window between counting the places and saving the sign-up: without the row lock both
    # would count four taken and both be confirmed.
    counted = availability.fits

    def slow_fits(*args, **kwargs):
        answer = counted(*args, **kwargs)
        time.sleep(0.3)
        return answer

    monkeypatch.setattr(availability, "fits", slow_fits)
    start = threading.Barrier(2)
    errors = []

    def take_the_last_place(name):
        try:
            start.wait()
            services.sign_up(
                activity=activity, occurrence_start=None, name=name, email=f"{name.lower()}@example.dk", people=1
            )
        except Exception as error:  # reported below; a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_the_last_place, args=(name,)) for name in ("Aisha", "Bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = sorted(SignUp.objects.filter(name__in=["Aisha", "Bo"]).values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting"]
    assert SignUp.objects.of_activity(activity).confirmed().places_taken() == 5
