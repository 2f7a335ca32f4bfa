"""Mails in the reader's language (#17): a resident who signs up, reports a place or follows a walk while reading
the site in Arabic gets the confirmation, reminder, status mails and digest in Arabic, and every link in them
leads to pages under /ar/ (the page's Arabic translation where there is one)."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from wagtail.models import Locale, Page, Site

from community.models.signups import SignUp
from community.signups import reminders
from community.signups import services as signup_services
from safety_walks.following import digest
from safety_walks.models import FindingCategory
from safety_walks.models.following import Follower
from safety_walks.models.reports import ResidentReport
from safety_walks.resident_reports import services as report_services
from safety_walks.resident_reports.forms import HONEYPOT
from tests.builders import make_area, make_user
from tests.community.builders import make_calendar
from tests.community.signup_builders import make_signup_activity
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "عشاء جماعي"
ARABIC_WALK_TITLE = "جولة الأمان في نوردباركن"
LINK = re.compile(r"https?://[^\s>]+")


def in_arabic(page: Page, title: str) -> Page:
    """The page's Arabic translation, published (its parents translated too), as wagtail-localize leaves it."""
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    translated = page.copy_for_translation(arabic, copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    for parent in translated.get_ancestors().filter(depth__gt=1).specific():
        if not parent.live:
            parent.save_revision().publish()
    Site.clear_site_root_paths_cache()  # a new language root: Wagtail caches the site's roots
    return Page.objects.get(pk=translated.pk).specific


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def links_in(text: str) -> list[str]:
    return [path_of(url) for url in LINK.findall(text)]


@pytest.fixture
def activity(home_page):
    activity = make_signup_activity(make_calendar(parent=home_page), title="Fællesspisning", capacity=10)
    return activity


@pytest.fixture
def area(home_page):
    return make_area(name="Nordparken", slug="nordparken")


@pytest.fixture
def walk(area):
    return make_walk(areas=[area], title="Tryghedsvandring i Nordparken")


def sign_up_form(**overrides):
    return {"name": "Amal", "email": "amal@example.dk", "phone": "", "people": "2", "note": "", **overrides}


# --- Sign-ups ------------------------------------------------------------------------------------------------


def test_a_resident_signing_up_in_arabic_gets_the_confirmation_in_arabic_with_links_under_ar(
    client, activity, django_capture_on_commit_callbacks
):
    arabic = in_arabic(activity, ARABIC_TITLE)
    assert arabic.url.startswith("/ar/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(arabic.url + "tilmeld/", sign_up_form())

    signup = SignUp.objects.get()
    assert signup.language == "ar"
    assert signup.activity_id == activity.pk, "the sign-up belongs to the activity itself, not its translation"
    message = mail.outbox[-1]
    assert message.subject == f"تم تسجيلك: {ARABIC_TITLE}"
    assert message.extra_headers.get("Content-Language", "ar") == "ar"
    paths = links_in(message.body)
    assert arabic.url in paths, "the activity link leads to its Arabic page"
    with translation.override("ar"):
        cancel = reverse("boligsocial:signups:cancel", args=[signup.token])
    assert cancel.startswith("/ar/") and cancel in paths
    assert all(path.startswith("/ar/") for path in paths), paths
    assert client.get(cancel).status_code == 200
    # The calendar file names the event as the resident read it, linking to the Arabic page.
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["SUMMARY"]) == ARABIC_TITLE
    assert str(event["URL"]).endswith(arabic.url)


def test_the_reminder_is_in_the_language_of_the_sign_up_and_links_under_its_prefix(activity):
    arabic = in_arabic(activity, ARABIC_TITLE)
    starts = activity.starts_at
    with freeze_time(starts - timedelta(days=3)):
        signup_services.sign_up(
            activity=activity, occurrence_start=None, name="Amal", email="amal@example.dk", language="ar"
        )
        signup_services.sign_up(
            activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk", language="da"
        )
    day_before = timezone.localdate(starts) - timedelta(days=1)
    with freeze_time(starts - timedelta(hours=20)):
        due = {row.address: row for row in reminders.due_mails(day_before)}

    assert due["amal@example.dk"].subject == f"تذكير: {ARABIC_TITLE}"
    assert ARABIC_TITLE in due["amal@example.dk"].body and arabic.url.startswith("/ar/")
    assert links_in(due["amal@example.dk"].body)
    assert all(path.startswith("/ar/") for path in links_in(due["amal@example.dk"].body))
    assert due["bo@example.dk"].subject == "Påmindelse: Fællesspisning"
    assert all(path.startswith("/da/") for path in links_in(due["bo@example.dk"].body))


def test_a_danish_sign_up_stays_danish(client, activity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(activity.url + "tilmeld/", sign_up_form())
    assert SignUp.objects.get().language == "da"
    message = mail.outbox[-1]
    assert message.subject == "Du er tilmeldt: Fællesspisning"
    assert all(path.startswith("/da/") for path in links_in(message.body))


def test_a_language_the_site_no_longer_offers_is_mailed_in_the_sites_language(activity):
    signup = signup_services.sign_up(
        activity=activity, occurrence_start=None, name="Bo", email="bo@example.dk", language="fa"
    )
    assert "fa" not in dict(settings.LANGUAGES)
    from community.signups import mail as signup_mail

    row = signup_mail.addressed(signup, "confirmed")
    assert row.subject == "Du er tilmeldt: Fællesspisning"
    assert all(path.startswith("/da/") for path in links_in(row.body))


def test_rows_made_outside_a_request_are_in_the_sites_language(activity, area, walk):
    signup = SignUp.objects.create(activity=activity, name="Bo", email="bo@example.dk", status="confirmed")
    follower = Follower.objects.create(email="bo@example.dk", walk=walk)
    category = FindingCategory.objects.first() or FindingCategory.objects.create(name="Belysning")
    report = ResidentReport.objects.create(area=area, category=category, what="Mørk sti")
    assert signup.language == follower.language == report.language == settings.LANGUAGE_CODE


# --- Resident reports ---------------------------------------------------------------------------------------


def test_a_report_made_in_arabic_gets_its_receipt_and_status_mails_in_arabic_with_the_status_link_under_ar(
    client, area, django_capture_on_commit_callbacks
):
    category = FindingCategory.objects.first() or FindingCategory.objects.create(name="Belysning")
    with translation.override("ar"):
        form = reverse("boligsocial:reports:form", args=[area.slug])
    assert form.startswith("/ar/")
    data = {"what": "المصباح مكسور", "where": "", "category": str(category.pk), "email": "amal@example.dk"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form, {**data, "latitude": "56.1712", "longitude": "10.1881", HONEYPOT: ""})

    report = ResidentReport.objects.get()
    assert report.language == "ar"
    receipt = mail.outbox[-1]
    assert receipt.subject == "وصلنا بلاغك عن Nordparken"
    with translation.override("ar"):
        status = reverse("boligsocial:reports:status", args=[report.token])
    assert status.startswith("/ar/") and status in links_in(receipt.body)
    assert all(path.startswith("/ar/") for path in links_in(receipt.body))

    # Staff close it while the admin speaks Danish: the reporter still reads Arabic.
    staff = make_user("Boligsociale medarbejdere", username="medarbejder-ar")
    with translation.override("da"), django_capture_on_commit_callbacks(execute=True):
        report_services.report_close(report=report, user=staff, reason="Lampen er skiftet.")
    closed = mail.outbox[-1]
    assert closed.subject == "أخبار عن بلاغك عن Nordparken"
    assert status in links_in(closed.body)
    assert all(path.startswith("/ar/") for path in links_in(closed.body))


# --- Following ----------------------------------------------------------------------------------------------


def test_following_in_arabic_gets_confirmation_and_digest_in_arabic_with_links_to_the_arabic_walk(
    client, walk, django_capture_on_commit_callbacks
):
    arabic = in_arabic(walk, ARABIC_WALK_TITLE)
    with translation.override("ar"):
        follow = reverse("boligsocial:following:follow")
    with django_capture_on_commit_callbacks(execute=True):
        # The form on the Arabic page names the walk itself (the Danish page): its findings are the walk's.
        client.post(follow, {"email": "amal@example.dk", "walk": walk.pk, "website": ""})

    follower = Follower.objects.get()
    assert (follower.language, follower.walk_id) == ("ar", walk.pk)
    confirmation = mail.outbox[-1]
    assert confirmation.subject == f"أكّد أنك تريد أخباراً عن {ARABIC_WALK_TITLE}"
    confirm = next(path for path in links_in(confirmation.body) if "/foelg/bekraeft/" in path)
    assert confirm.startswith("/ar/")
    client.post(confirm)
    follower.refresh_from_db()
    assert follower.is_confirmed

    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=1)
    with freeze_time(later):
        finding = make_finding(walk, title="Gadelampe slukket", location="Stien ved nr. 14")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests(now=later + timedelta(hours=1)) == 1
    news = mail.outbox[-1]
    assert ARABIC_WALK_TITLE in news.subject
    paths = links_in(news.body)
    assert f"{arabic.url}fund/{finding.pk}/" in paths, paths
    assert all(path.startswith("/ar/") for path in paths), paths
    assert "/ar/boligsocial/foelg/afmeld/" in news.extra_headers["List-Unsubscribe"]


def test_a_danish_follower_and_an_arabic_one_of_the_same_walk_each_read_their_own_digest(
    client, walk, django_capture_on_commit_callbacks
):
    arabic = in_arabic(walk, ARABIC_WALK_TITLE)
    now = timezone.now()
    for email, language in (("bo@example.dk", "da"), ("amal@example.dk", "ar")):
        Follower.objects.create(email=email, walk=walk, language=language, confirmed_at=now, told_until=now)
    later = now + timedelta(minutes=1)
    with freeze_time(later):
        finding = make_finding(walk, title="Gadelampe slukket")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests(now=later + timedelta(hours=1)) == 2

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Tryghedsvandring i Nordparken" in by_address["bo@example.dk"].subject
    assert f"{walk.url}fund/{finding.pk}/" in links_in(by_address["bo@example.dk"].body)
    assert ARABIC_WALK_TITLE in by_address["amal@example.dk"].subject
    assert f"{arabic.url}fund/{finding.pk}/" in links_in(by_address["amal@example.dk"].body)


def test_without_per_language_routing_the_mail_still_links_to_the_activity(settings, activity):
    in_arabic(activity, ARABIC_TITLE)
    settings.WAGTAIL_I18N_ENABLED = False  # a translation has no address of its own then
    Site.clear_site_root_paths_cache()
    signup = signup_services.sign_up(
        activity=activity, occurrence_start=None, name="Amal", email="amal@example.dk", language="ar"
    )
    from community.signups import mail as signup_mail

    paths = links_in(signup_mail.addressed(signup, "confirmed").body)
    assert any(path.endswith(f"/{activity.slug}/") for path in paths), paths
    assert not any(path.startswith("/admin/") for path in paths), paths
