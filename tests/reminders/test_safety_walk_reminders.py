"""Safety-walk reminders, on a frozen clock: follow-up meetings, deadlines, and the weekly digests."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from wagtail.users.models import UserProfile

from estates import roles
from estates import sweep as sweeping
from estates.models import Membership
from safety_walks import reminders as walk_reminders
from safety_walks.models import FindingUpdate
from safety_walks.services import follow_up_meeting_record
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import (
    make_finding,
    make_planned_follow_up_meeting,
    make_responsibility,
    make_walk,
)

pytestmark = pytest.mark.django_db

# The walk these tests were written around: its follow-up date is 1 December 2026.
WALKED_ON = "2026-06-01 10:00:00+02:00"


def sweep_on(day: str):
    """Run the sweep with the safety-walk reminders at 07:00 on `day`; return the emails it sent."""
    before = len(mail.outbox)
    with freeze_time(f"{day} 07:00:00+01:00"):
        sweeping.sweep(sources=[walk_reminders.due_reminders])
    return mail.outbox[before:]


@pytest.fixture(autouse=True)
def autumn_2026():
    """Everything is set up on 20 October 2026; each sweep then runs on its own frozen day."""
    with freeze_time("2026-10-20 12:00:00+02:00"):
        yield


@pytest.fixture
def owner(db):
    return make_user(roles.STAFF, first_name="Sara", email="sara@boligsocial.example")


@pytest.fixture
def police(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def officer(police):
    return make_user(roles.PARTNERS, organisation=police, first_name="Peter", email="peter@politi.example")


@pytest.fixture
def walk(owner):
    # Walked 1 June 2026; the follow-up meeting is due six months later, 1 December.
    return make_walk(owner=owner, title="Nordparken om aftenen", walk_date=WALKED_ON)


class TestFollowUpMeeting:
    def test_the_walks_owner_is_reminded_a_month_and_a_week_before_the_follow_up_meeting(self, walk):
        assert walk.follow_up_date == date(2026, 12, 1)

        month = sweep_on("2026-11-01")
        assert [m.subject for m in month] == ["Opfølgningsmøde om en måned: Nordparken om aftenen"]
        assert month[0].to == ["sara@boligsocial.example"]
        assert "1. december 2026" in month[0].body
        assert sweep_on("2026-11-02") == []
        assert [m.subject for m in sweep_on("2026-11-24")] == ["Opfølgningsmøde om en uge: Nordparken om aftenen"]
        assert sweep_on("2026-11-25") == []

    def test_the_reminder_links_straight_to_the_walks_status_agenda(self, walk):
        (email,) = sweep_on("2026-11-01")

        assert f"http://127.0.0.1:8000/admin/safety-walks/walk/{walk.pk}/agenda/" in email.body

    def test_the_owner_hears_when_six_months_have_passed_without_a_follow_up_meeting(self, walk):
        sweep_on("2026-11-24")
        assert [m.subject for m in sweep_on("2026-12-01")] == ["Endnu intet opfølgningsmøde: Nordparken om aftenen"]
        assert sweep_on("2026-12-08") == []

    def test_a_held_follow_up_meeting_stops_the_reminders(self, walk, owner):
        follow_up_meeting_record(walk=walk, held_on=date(2026, 10, 20), user=owner)

        assert sweep_on("2026-11-01") == []
        assert sweep_on("2026-11-24") == []
        assert sweep_on("2026-12-01") == []

    def test_a_planned_meeting_moves_the_reminders_to_its_date_and_only_holding_it_stops_them(self, walk, owner):
        make_planned_follow_up_meeting(walk, planned_on=date(2026, 12, 10))

        assert sweep_on("2026-11-01") == []
        assert [m.subject for m in sweep_on("2026-11-10")] == ["Opfølgningsmøde om en måned: Nordparken om aftenen"]
        (week,) = sweep_on("2026-12-03")
        assert week.subject == "Opfølgningsmøde om en uge: Nordparken om aftenen"
        assert "10. december 2026" in week.body
        assert sweep_on("2026-12-01") == []  # six months have passed, but the meeting is planned ahead

    def test_a_planned_meeting_that_was_never_held_is_still_reported(self, walk, owner):
        make_planned_follow_up_meeting(walk, planned_on=date(2026, 11, 20))

        assert [m.subject for m in sweep_on("2026-12-01")] == ["Endnu intet opfølgningsmøde: Nordparken om aftenen"]

    def test_without_an_owner_every_staff_member_is_reminded(self, owner):
        make_walk(owner=None, title="Vestervang", walk_date=WALKED_ON)
        colleague = make_user(roles.STAFF, email="kollega@boligsocial.example")
        make_user(roles.PARTNERS, email="partner@example.org")

        emails = sweep_on("2026-11-01")
        assert sorted(m.to[0] for m in emails) == sorted([owner.email, colleague.email])

    def test_a_moved_follow_up_date_gets_its_own_reminders(self, walk):
        sweep_on("2026-11-01")
        walk.follow_up_date = date(2027, 1, 15)
        walk.save()

        assert sweep_on("2026-11-02") == []
        assert [m.subject for m in sweep_on("2026-12-16")] == ["Opfølgningsmøde om en måned: Nordparken om aftenen"]

    def test_a_reminder_missed_while_the_worker_was_down_is_sent_when_it_returns(self, walk):
        # The worker was down from 20 November to 3 December: the week's notice is sent late, and the
        # six-month one once it is due; a notice for a date already passed is not.
        assert [m.subject for m in sweep_on("2026-11-29")] == ["Opfølgningsmøde om en uge: Nordparken om aftenen"]
        assert [m.subject for m in sweep_on("2026-12-03")] == ["Endnu intet opfølgningsmøde: Nordparken om aftenen"]


@pytest.fixture
def october_walk(owner):
    """A walk whose follow-up meeting (April 2027) is far from the December dates below."""
    return make_walk(owner=owner, title="Søndergården", walk_date="2026-10-01 17:00:00+02:00")


class TestResponsibilities:
    @pytest.fixture
    def walk(self, october_walk):
        return october_walk

    @pytest.fixture
    def responsibility(self, walk, police):
        finding = make_finding(walk, title="Lampen ved nr. 14 er i stykker")
        return make_responsibility(finding, police, deadline=date(2026, 12, 10), task="Skift pæren")

    def test_the_responsible_organisations_members_are_reminded_a_week_before_the_deadline(
        self, responsibility, officer
    ):
        assert sweep_on("2026-12-02") == []
        (email,) = sweep_on("2026-12-03")

        assert email.to == ["peter@politi.example"]
        assert email.subject == "Fristen nærmer sig: Lampen ved nr. 14 er i stykker"
        assert "Kære Peter" in email.body
        assert "10. december 2026" in email.body
        assert "Skift pæren" in email.body
        finding_id = responsibility.finding_id
        assert f"http://127.0.0.1:8000/admin/safety-walks/finding/{finding_id}/update/" in email.body
        assert sweep_on("2026-12-04") == []

    def test_members_are_reminded_on_the_day_the_deadline_has_passed(self, responsibility, officer):
        sweep_on("2026-12-03")
        assert sweep_on("2026-12-10") == []
        overdue = [m for m in sweep_on("2026-12-11") if m.subject.startswith("Fristen er overskredet")]

        assert [m.to for m in overdue] == [["peter@politi.example"]]
        assert sweep_on("2026-12-12") == []

    def test_a_member_who_turned_emails_off_gets_none(self, responsibility, officer, police):
        Membership.objects.filter(user=officer).update(notify_by_email=False)
        colleague = make_user(roles.PARTNERS, organisation=police, email="kollega@politi.example")

        emails = sweep_on("2026-12-03") + sweep_on("2026-12-11")
        assert {m.to[0] for m in emails} == {colleague.email}

    def test_a_resolved_responsibility_is_not_chased(self, responsibility, officer):
        responsibility.status = "resolved"
        responsibility.save()

        assert sweep_on("2026-12-03") + sweep_on("2026-12-11") == []

    def test_a_moved_deadline_is_reminded_again_for_its_new_date(self, responsibility, officer):
        sweep_on("2026-12-03")
        responsibility.deadline = date(2026, 12, 20)
        responsibility.save()

        assert [m.subject for m in sweep_on("2026-12-13")] == ["Fristen nærmer sig: Lampen ved nr. 14 er i stykker"]

    def test_an_old_overdue_deadline_does_not_start_mailing_on_a_new_installation(self, walk, police, officer):
        last_year = make_walk(title="Vandringen sidste vinter", walk_date="2025-12-01 17:00:00+01:00")
        make_responsibility(make_finding(last_year), police, deadline=date(2026, 1, 10))

        assert [m for m in sweep_on("2026-12-03") if not m.subject.startswith("1 overskreden")] == []

    def test_a_member_who_reads_english_gets_the_reminder_in_english(self, responsibility, officer):
        profile = UserProfile.get_for_user(officer)
        profile.preferred_language = "en"
        profile.save()

        (email,) = sweep_on("2026-12-03")
        assert email.subject == "Deadline approaching: Lampen ved nr. 14 er i stykker"
        assert "Dear Peter" in email.body
        assert "Dec. 10, 2026" in email.body


class TestWeeklyDigests:
    @pytest.fixture
    def walk(self, october_walk):
        return october_walk

    def test_a_partner_gets_one_weekly_email_listing_all_their_overdue_items(self, walk, police, officer):
        for n in range(3):
            make_responsibility(make_finding(walk, title=f"Forhold {n}"), police, deadline=date(2026, 11, n + 1))
        make_responsibility(make_finding(walk, title="Ikke overskredet"), police, deadline=date(2027, 1, 1))

        # Monday 7 December 2026.
        digests = [m for m in sweep_on("2026-12-07") if "overskredne opgaver" in m.subject]
        assert [m.subject for m in digests] == ["3 overskredne opgaver fra tryghedsvandringerne"]
        body = digests[0].body
        assert all(f"Forhold {n}" in body for n in range(3))
        assert "Ikke overskredet" not in body
        assert digests[0].to == ["peter@politi.example"]

        assert sweep_on("2026-12-09") == []  # once a week
        assert [m.subject for m in sweep_on("2026-12-14")] == ["3 overskredne opgaver fra tryghedsvandringerne"]

    def test_a_partner_in_two_organisations_still_gets_one_digest(self, walk, police, officer):
        municipality = make_organisation(name="Kommunen")
        Membership.objects.create(organisation=municipality, user=officer)
        make_responsibility(make_finding(walk, title="Politiets"), police, deadline=date(2026, 11, 1))
        make_responsibility(make_finding(walk, title="Kommunens"), municipality, deadline=date(2026, 11, 1))

        (digest,) = sweep_on("2026-12-07")
        assert "Politiets" in digest.body
        assert "Kommunens" in digest.body

    def test_a_digest_missed_on_monday_goes_out_later_that_week(self, walk, police, officer):
        make_responsibility(make_finding(walk), police, deadline=date(2026, 11, 1))

        assert len(sweep_on("2026-12-09")) == 1
        assert sweep_on("2026-12-10") == []

    def test_partners_who_turned_emails_off_get_no_digest(self, walk, police, officer):
        Membership.objects.filter(user=officer).update(notify_by_email=False)
        make_responsibility(make_finding(walk), police, deadline=date(2026, 11, 1))

        assert sweep_on("2026-12-07") == []

    def test_staff_get_a_weekly_digest_of_findings_with_no_news_for_60_days(self, walk, owner, police):
        with freeze_time("2026-09-01 12:00:00+02:00"):
            quiet = make_finding(walk, title="Glemt buskads")
            busy = make_finding(walk, title="Graffiti på muren")
            make_finding(walk, title="Løst for længst", status="resolved", status_set_by_staff=True)
        with freeze_time("2026-11-20 12:00:00+01:00"):
            FindingUpdate.objects.create(finding=busy, author=owner, public_note="Malet over i næste uge")
        make_user(roles.PARTNERS, organisation=police)

        emails = sweep_on("2026-12-07")
        digests = [m for m in emails if "uden nyt" in m.subject]
        assert [(m.subject, m.to) for m in digests] == [("1 forhold uden nyt i 60 dage", [owner.email])]
        assert quiet.title in digests[0].body
        assert busy.title not in digests[0].body
        assert "Løst for længst" not in digests[0].body
        assert "1. september 2026" in digests[0].body
        assert sweep_on("2026-12-08") == []


def test_safety_walk_reminders_cost_a_bounded_number_of_queries(
    october_walk, police, officer, django_assert_max_num_queries
):
    for n in range(20):
        finding = make_finding(october_walk)
        make_responsibility(finding, police, deadline=date(2026, 12, 10) - timedelta(days=n))
        make_responsibility(finding, make_organisation(), deadline=date(2026, 11, 1))

    # The digests ask who has this week's digest already, then read counts and first rows (test_flat_sweep.py
    # holds the count equal at two backlog sizes).
    with freeze_time("2026-12-07 07:00:00+01:00"), django_assert_max_num_queries(14):
        found = list(walk_reminders.due_reminders(timezone.localdate()))
    assert len(found) > 10
