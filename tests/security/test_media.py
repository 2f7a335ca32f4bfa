"""Wagtail's image library and the host's media route: no metadata, no camera names, and an image that is
not used on a live public page is served only to editors (issue #14)."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction

from safety_walks.models import WalkPhoto
from tests.safety_walks.builders import make_finding, make_image, make_photo, make_walk
from tests.security.photo_files import bomb_png, jpeg_with_gps, metadata_of

pytestmark = pytest.mark.django_db


def fetch(client, url) -> tuple[int, bytes, str]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, response.get("Cache-Control", "")


def on_page(walk, image):
    WalkPhoto.objects.create(page=walk, image=image, caption="Stien")
    walk.save_revision().publish()


def test_wagtails_own_image_upload_refuses_a_bomb_in_danish(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bombe",
            "file": SimpleUploadedFile("bombe.png", bomb_png(), "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Billedet har for mange pixels" in html and "Billedet kunne ikke oprettes" in html
    assert "too many pixels" not in html
    assert not get_image_model().objects.exists()


def test_an_image_library_upload_loses_position_camera_and_its_camera_name(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Stien bag nr. 14",
            "file": SimpleUploadedFile("IMG_4711.JPG", jpeg_with_gps(), "image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert "IMG_4711" not in image.file.name
    assert (image.width, image.height) == (200, 300)  # turned upright before the orientation tag went
    on_page(make_walk(), image)
    rendition = image.get_rendition("fill-100x100")
    for url in (image.file.url, rendition.url):
        status, body, _cache = fetch(Client(), url)
        assert status == 200, url
        meta = metadata_of(body)
        assert meta["gps"] == {} and meta["exif"] == {} and meta["info"] == set(), url


def test_an_image_no_live_page_uses_is_served_only_to_editors(admin_client):
    image = make_image("Hashsalg ved kiosken")
    rendition = image.get_rendition("max-100x100")
    for url in (image.file.url, rendition.url):
        assert fetch(Client(), url)[0] == 404, url
        status, _body, cache = fetch(admin_client, url)
        assert status == 200 and cache == "private, no-store", url


def test_an_image_on_a_live_public_page_is_served_to_anyone_with_a_public_cache(client):
    image = make_image("Stien")
    on_page(make_walk(), image)
    status, _body, cache = fetch(client, image.get_rendition("max-100x100").url)
    assert status == 200 and cache.startswith("public")


def test_an_image_on_a_draft_or_a_restricted_page_stays_private(client):
    draft, restricted = make_walk(publish=False), make_walk()
    drafted, guarded = make_image("Kladde"), make_image("Beskyttet")
    WalkPhoto.objects.create(page=draft, image=drafted)
    draft.save()
    on_page(restricted, guarded)
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="hemmelig")
    assert fetch(client, drafted.file.url)[0] == 404
    assert fetch(client, guarded.file.url)[0] == 404


def test_the_images_api_lists_only_images_used_on_live_public_pages(client):
    shown, unused = make_image("Offentligt foto"), make_image("Arbejdsfoto")
    on_page(make_walk(), shown)
    titles = [item["title"] for item in client.get("/api/v2/images/").json()["items"]]
    assert titles == ["Offentligt foto"]
    assert client.get(f"/api/v2/images/{unused.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/media/documents/referat.pdf", "/media/original_images/findes-ikke.jpg", "/media/../manage.py", "/media/x"],
)
def test_the_media_route_serves_nothing_but_image_files(client, path):
    assert client.get(path).status_code == 404


def test_the_walks_api_gives_only_public_photos_as_serving_view_addresses(client):
    walk = make_walk()
    make_finding(walk, title="Mørk sti", photo=make_photo(alt_text="Mørk sti om aftenen"))
    make_finding(walk, title="Hashsalg", is_public=False, photo=make_photo())
    data = client.get(f"/api/v2/walks/{walk.pk}/").json()
    [finding] = data["public_findings"]
    photo = finding["photo"]
    assert "/da/boligsocial/foto/" in photo["url"] and "/media/" not in photo["url"]
    assert photo["alt"] == "Mørk sti om aftenen"
    assert Client().get(urlsplit(photo["url"]).path).status_code == 200


def test_the_clean_images_command_strips_images_uploaded_before_this_version(
    admin_client, django_capture_on_commit_callbacks
):
    image = make_image("Gammelt foto")
    old_name = image.file.name
    default_storage.delete(old_name)
    default_storage.save(old_name, ContentFile(jpeg_with_gps()))  # as an old upload lies on disk
    old_rendition = image.get_rendition("max-100x100").file.name

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes rendition files on commit
        call_command("boligsocial_clean_images", stdout=io.StringIO())

    image.refresh_from_db()
    assert image.file.name != old_name and not default_storage.exists(old_name)
    assert not default_storage.exists(old_rendition)
    with image.open_file() as stored:
        meta = metadata_of(stored.read())
    assert meta["gps"] == {} and meta["exif"] == {} and meta["size"] == (200, 300) == (image.width, image.height)
    status, body, _cache = fetch(admin_client, image.get_rendition("max-100x100").url)
    assert status == 200 and metadata_of(body)["exif"] == {}
