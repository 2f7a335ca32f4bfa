"""Follow by email (#16): double opt-in, one digest a day with public news only, one-click unsubscribe,
the form's honeypot and rate limit, retention, and the person-data export and erasure."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client, override_settings
from django.utils import timezone
from freezegun import freeze_time

from estates.models import AddressMail
from estates.person_data import person_data_sources
from estates.schedules import declared_schedules
from safety_walks.following import digest, services
from safety_walks.following.tasks import daily_follow_run
from safety_walks.models import FindingUpdate, WalkPage
from safety_walks.models.following import Follower
from safety_walks.statuses import ResponsibilityStatus
from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FOLLOW_URL = "/da/boligsocial/foelg/"


@pytest.fixture
def walk(home_page):
    return make_walk(areas=[make_area(name="Nordparken", slug="nordparken")], title="Vandring i Nordparken")


def link_in(message, part: str) -> str:
    return re.search(rf"https?://\S+/boligsocial/foelg/{part}/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def follow(client, walk, email="beboer@example.dk", **extra):
    return client.post(FOLLOW_URL, {"email": email, "walk": walk.pk, "website": "", **extra})


def confirmed_follower(client, walk, email="beboer@example.dk") -> Follower:
    follow(client, walk, email)
    confirm = path_of(link_in(mail.outbox[-1], "bekraeft"))
    client.post(confirm)
    return Follower.objects.get(email=email)


def test_following_a_walk_sends_one_confirmation_and_nothing_else_until_confirmed(client, walk):
    response = follow(client, walk)
    assert response.status_code == 302 and response["Location"].endswith("/da/boligsocial/foelg/sendt/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["beboer@example.dk"]
    assert "Vandring i Nordparken" in message.subject
    assert "List-Unsubscribe" not in message.extra_headers
    follower = Follower.objects.get()
    assert not follower.is_confirmed

    make_finding(walk, title="Mørk sti bag nr. 14")
    digest.send_digests(now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 1  # unconfirmed: no digest

    # Asking again the same day sends no second confirmation (one a day at most).
    follow(client, walk)
    assert len(mail.outbox) == 1


def test_the_confirmation_link_confirms_only_on_post(client, walk):
    follow(client, walk)
    confirm = path_of(link_in(mail.outbox[0], "bekraeft"))
    page = client.get(confirm)
    assert page.status_code == 200 and "Ja, send mig nyheder" in page.content.decode()
    assert not Follower.objects.get().is_confirmed  # a mail scanner opening the link confirms nothing
    done = client.post(confirm)
    assert done.status_code == 200 and "Du får nu nyheder på e-mail" in done.content.decode()
    assert Follower.objects.get().is_confirmed


def test_a_changed_or_expired_confirmation_link_is_refused_in_danish(client, walk):
    follow(client, walk)
    confirm = path_of(link_in(mail.outbox[0], "bekraeft"))
    assert client.post(confirm[:-3] + "xx/").status_code == 400
    with freeze_time(timezone.now() + timedelta(days=8)):
        response = client.post(confirm)
    assert response.status_code == 400 and "link virker ikke" in response.content.decode()
    assert not Follower.objects.get().is_confirmed


def test_digest_tells_public_news_once_a_day_and_nothing_hidden(client, walk, partner_organisation):
    follower = confirmed_follower(client, walk)
    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=1)
    with freeze_time(later):
        public = make_finding(walk, title="Gadelampe slukket", location="Stien ved nr. 14")
        make_finding(walk, title="Salg af hash i kælderen", is_public=False)
        FindingUpdate.objects.create(
            finding=public,
            organisation=partner_organisation,
            new_status=ResponsibilityStatus.IN_PROGRESS,
            public_note="Lampen skiftes på fredag.",
            internal_note="Nøglen ligger hos Jens",
        )
        FindingUpdate.objects.create(finding=public, public_note="Skjult note", public_note_hidden_at=timezone.now())
    run_at = later + timedelta(hours=1)
    assert digest.send_digests(now=run_at) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    body = message.body
    assert "Gadelampe slukket" in body and "Stien ved nr. 14" in body
    assert "Lampen skiftes på fredag." in body and "Lokalpolitiet" in body
    assert f"/fund/{public.pk}/" in body
    for hidden in ("hash", "Nøglen", "Jens", "Skjult note"):
        assert hidden not in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/da/boligsocial/foelg/afmeld/" in message.extra_headers["List-Unsubscribe"]

    # Run again the same day and the next day without news: nothing more.
    assert digest.send_digests(now=run_at + timedelta(minutes=5)) == 0
    assert digest.send_digests(now=run_at + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    follower.refresh_from_db()
    assert follower.last_digest_at == run_at


def test_news_after_todays_digest_waits_for_tomorrow_and_is_sent_once(client, walk):
    # Confirmed early in the morning; the day's news and digests follow (any time the test runs).
    morning = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    with freeze_time(morning):
        confirmed_follower(client, walk)
    mail.outbox.clear()
    start = morning + timedelta(hours=3)
    with freeze_time(start + timedelta(minutes=1)):
        make_finding(walk, title="Busken ved legepladsen")
    digest.send_digests(now=start + timedelta(minutes=2))
    with freeze_time(start + timedelta(minutes=3)):
        make_finding(walk, title="Tunnelen er mørk")
    # A second run the same day: the day's digest is sent, so the news waits.
    digest.send_digests(now=start + timedelta(minutes=4))
    assert len(mail.outbox) == 1
    digest.send_digests(now=start + timedelta(days=1))
    assert len(mail.outbox) == 2 and "Tunnelen er mørk" in mail.outbox[1].body
    assert "Busken" not in mail.outbox[1].body


def test_area_follow_hears_about_every_walk_of_the_area_only(client, home_page):
    area, other = make_area(name="Syd", slug="syd"), make_area(name="Nord", slug="nord")
    walk_a, walk_b, elsewhere = make_walk(areas=[area]), make_walk(areas=[area]), make_walk(areas=[other])
    client.post(FOLLOW_URL, {"email": "nabo@example.dk", "area": area.pk, "website": ""})
    client.post(path_of(link_in(mail.outbox[-1], "bekraeft")))
    mail.outbox.clear()
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        make_finding(walk_a, title="Fund i vandring A")
        make_finding(walk_b, title="Fund i vandring B")
        make_finding(elsewhere, title="Fund et andet sted")
    digest.send_digests(now=timezone.now() + timedelta(hours=1))
    body = mail.outbox[0].body
    assert "Fund i vandring A" in body and "Fund i vandring B" in body and "et andet sted" not in body


def test_digest_queries_do_not_grow_with_the_followers(client, walk, django_assert_max_num_queries):
    for n in range(3):
        confirmed_follower(client, walk, email=f"f{n}@example.dk")
    Follower.objects.update(told_until=timezone.now())
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        for n in range(15):
            make_finding(walk, title=f"Fund {n}")
    mail.outbox.clear()

    def run():
        return digest.send_digests(now=timezone.now() + timedelta(hours=1), enqueue=lambda ids: None)

    with django_assert_max_num_queries(14) as few:
        assert run() == 3
    AddressMail.objects.all().delete()
    for n in range(3, 30):
        Follower.objects.create(email=f"f{n}@example.dk", walk=walk, confirmed_at=timezone.now())
    Follower.objects.update(told_until=timezone.now() - timedelta(seconds=1), last_digest_at=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert run() == 30
    # Ten rows are shown, the rest counted.
    row = AddressMail.objects.filter(kind="safety_walks.following.digest").first()
    assert "5 nye fund mere" in row.body


def test_one_click_unsubscribe_by_post_removes_the_address(client, walk):
    confirmed_follower(client, walk)
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        make_finding(walk, title="Graffiti på muren")
    digest.send_digests(now=timezone.now() + timedelta(hours=1))
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(path_of(header), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Du er afmeldt" in response.content.decode()
    assert not Follower.objects.exists() and not AddressMail.objects.exists()
    again = client.get(path_of(header))
    assert again.status_code == 404 and "ikke flere nyheder" in again.content.decode()


def test_form_errors_are_danish_and_keep_what_was_typed(client, walk):
    response = follow(client, walk, email="beboer@example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tjek den, for eksempel navn@eksempel.dk" in page
    assert 'value="beboer@example"' in page
    assert not Follower.objects.exists() and not mail.outbox


def test_area_form_without_an_area_asks_for_one(client, home_page):
    response = client.post(FOLLOW_URL, {"email": "nabo@example.dk", "website": ""})
    assert response.status_code == 400
    assert "Vælg det boligområde" in response.content.decode()
    assert 'value="nabo@example.dk"' in response.content.decode()


def test_the_form_works_without_a_csrf_cookie(walk):
    response = Client(enforce_csrf_checks=True).post(FOLLOW_URL, {"email": "a@example.dk", "walk": walk.pk})
    assert response.status_code == 302 and Follower.objects.filter(email="a@example.dk").exists()


def test_honeypot_looks_like_success_and_does_nothing(client, walk):
    response = follow(client, walk, website="http://spam.example")
    assert response.status_code == 302
    assert not Follower.objects.exists() and not mail.outbox


@override_settings(BOLIGSOCIAL_FOLLOWS_PER_ADDRESS=2)
def test_rate_limit_answers_with_a_message_and_keeps_the_input(client, walk):
    assert follow(client, walk, email="a@example.dk").status_code == 302
    assert follow(client, walk, email="b@example.dk").status_code == 302
    response = follow(client, walk, email="c@example.dk")
    assert response.status_code == 429
    page = response.content.decode()
    assert "prøv igen om en time" in page.lower() and 'value="c@example.dk"' in page
    assert Follower.objects.count() == 2


def test_the_walk_page_offers_the_form_and_the_feed(client, walk):
    page = client.get(walk.url).content.decode()
    # No CSRF token in the box (the form does not need one): it does not stop the page cache keeping the page.
    box = page.split('<section class="bs-follow"')[1].split("</section>")[0]
    assert "csrfmiddlewaretoken" not in box
    assert 'action="/da/boligsocial/foelg/"' in page
    assert f'name="walk" value="{walk.pk}"' in page
    assert f"/da/boligsocial/foelg/feed/vandring/{walk.pk}/" in page


def test_the_list_of_walks_offers_an_area_follow_without_javascript(client, walk):
    page = client.get(walk.get_parent().url).content.decode()
    assert '<select name="area"' in page and "Nordparken" in page
    assert "/da/boligsocial/foelg/feed/omraade/nordparken/" in page


def test_unconfirmed_requests_and_quiet_follows_are_removed_in_time(client, walk):
    follow(client, walk, email="glemt@example.dk")
    quiet = confirmed_follower(client, walk, email="stille@example.dk")
    active = confirmed_follower(client, walk, email="aktiv@example.dk")
    Follower.objects.filter(pk=active.pk).update(last_digest_at=timezone.now() + timedelta(days=300))
    assert services.followers_purge(now=timezone.now() + timedelta(days=6)) == 0
    assert services.followers_purge(now=timezone.now() + timedelta(days=8)) == 1
    with override_settings(BOLIGSOCIAL_FOLLOWER_RETENTION_MONTHS=12):
        assert services.followers_purge(now=timezone.now() + timedelta(days=370)) == 1
    assert list(Follower.objects.values_list("email", flat=True)) == ["aktiv@example.dk"]
    assert not Follower.objects.filter(pk=quiet.pk).exists()
    # The active follower's confirmation mail (sent) is gone after a month too: it only guarded one day.
    assert not AddressMail.objects.exists()


def test_the_daily_task_is_declared_and_runs(client, walk):
    [entry] = [entry for entry in declared_schedules() if entry["name"] == "boligsocial-follow-daily"]
    assert entry["func"] == "safety_walks.following.tasks.daily_follow_run"
    confirmed_follower(client, walk)
    with freeze_time(timezone.now() + timedelta(minutes=1)):
        make_finding(walk, title="Affald ved containerne")
    mail.outbox.clear()
    with freeze_time(timezone.now() + timedelta(hours=1)):
        assert daily_follow_run().startswith("1 digests")
    assert "Affald ved containerne" in mail.outbox[0].body


def test_person_data_export_and_erasure_find_the_follower_by_email(client, walk):
    confirmed_follower(client, walk, email="Beboer@Example.dk")
    sections = [source.find(email="beboer@example.dk ", phone="") for source in person_data_sources()]
    ours = [s for s in sections if s.title == "Følger på e-mail"]
    assert ours and ours[0].rows[0][:2] == ["Beboer@Example.dk", "Vandring i Nordparken"]
    erased = sum(source.erase(email="beboer@example.dk", phone="") for source in person_data_sources())
    assert erased >= 1 and not Follower.objects.exists()


def test_a_walk_not_yet_published_offers_nothing_to_follow(walk):
    box = Template("{% include 'safety_walks/following/follow_box.html' %}")
    assert "bs-follow" not in box.render(Context({"page": WalkPage(title="Ny vandring")}))
    walk.unpublish()
    assert "bs-follow" not in box.render(Context({"page": walk}))
