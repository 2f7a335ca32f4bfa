"""The reminders log stays cheap at scale: its count is read along indexes and still says what the reader sees."""

import pytest
from freezegun import freeze_time

from estates import sweep as sweeping
from estates.models import SentReminder
from estates.reminder_views import visible_count, visible_reminders
from tests.builders import make_user
from tests.reminders.helpers import due_reminder, source
from tests.reminders.test_reminders_log import LOG_URL, sent_follow_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    with freeze_time("2026-12-01 08:00:00+01:00"):
        sweeping.sweep(sources=[source(due_reminder(make_user(), subject="Frist om 7 dage"))])
    return SentReminder.objects.get()


def test_the_count_is_the_number_of_rows_each_reader_may_read(staff_user, mediator_user, mediation_lead_user, sent):
    sent_follow_up(mediator_user, subject="Sag M-2026-1")
    sent_follow_up(make_user(), subject="Sag M-2026-2")

    for reader in (staff_user, mediator_user, mediation_lead_user, make_user()):
        assert visible_count(reader) == visible_reminders(reader).count()
    assert visible_count(staff_user) == 1  # the confidential follow-ups are neither shown nor counted


def test_the_log_shows_its_newest_rows_first_with_a_plain_link_to_each(client, staff_user, sent):
    later = sent_follow_up(make_user(), subject="Sag M-2026-3")[0]
    client.force_login(staff_user)
    page = client.get(LOG_URL).content.decode()

    assert f"{LOG_URL}inspect/{sent.pk}/" in page
    assert f"{LOG_URL}inspect/{later.pk}/" not in page
    assert "w-dropdown" not in page.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]


def test_a_page_of_the_log_costs_the_same_queries_however_long_it_is(
    client, staff_user, sent, django_assert_max_num_queries
):
    client.force_login(staff_user)
    client.get(LOG_URL)
    with django_assert_max_num_queries(16):
        assert client.get(LOG_URL).status_code == 200
