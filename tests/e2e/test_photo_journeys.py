"""Photos in a real browser: a partner without collection rights attaches a phone photo (GPS EXIF) and a PNG
to updates, residents see the public one on the walk page and nothing else by any address; a bomb and a
200 MB body are refused in Danish before they cost memory or disk (issues #13 and #14)."""

import socket
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from estates import roles
from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.e2e.helpers import admin_login, loaded_image
from tests.safety_walks.builders import make_finding, make_walk
from tests.security.photo_files import bomb_png, jpeg_with_gps, metadata_of, png_with_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Hemmelig-kode-123"
SIZES = ("original", "large", "thumb")


def add_update(page, finding, *, note: str, file: dict, public_photo: bool):
    page.goto(reverse("safety_walks_add_update", args=[finding.pk]))
    if page.get_by_label("Besked til beboerne").count():
        page.get_by_label("Besked til beboerne").fill(note)
    else:
        page.get_by_label("Intern note").fill(note)
    page.get_by_label("Foto", exact=True).set_input_files(file)
    if public_photo and page.get_by_label("Vis fotoet for beboerne").count():
        page.get_by_label("Vis fotoet for beboerne").check()
    page.get_by_role("button", name="Gem opdatering").click()


def test_a_partner_attaches_photos_and_residents_see_only_the_public_one_without_metadata(
    page, new_context, live_server, home_page
):
    police = make_organisation(name="Lokalpolitiet")
    make_user(roles.PARTNERS, organisation=police, username="politi", password=PASSWORD)
    walk = make_walk(title="Vandring i Nordparken")
    path = make_finding(walk, title="Mørk sti", responsibilities=[(police, RS.PLACED, 30)])
    dealing = make_finding(walk, title="Hashsalg", is_public=False, responsibilities=[(police, RS.PLACED, 30)])

    admin_login(page, live_server.url, "politi", PASSWORD)
    phone_jpeg = {"name": "IMG_4711.JPG", "mimeType": "image/jpeg", "buffer": jpeg_with_gps(size=(1200, 900))}
    add_update(page, path, note="Lampen er skiftet.", file=phone_jpeg, public_photo=True)
    expect(page.locator(".messages")).to_contain_text("Tak")
    screenshot = {"name": "skærm.png", "mimeType": "image/png", "buffer": png_with_text()}
    add_update(page, path, note="Før-billede til kommunen.", file=screenshot, public_photo=False)
    expect(page.locator(".messages")).to_contain_text("Tak")
    add_update(page, dealing, note="Set igen i aftes.", file=phone_jpeg, public_photo=True)
    expect(page.locator(".messages")).to_contain_text("Tak")

    # A bomb: refused from its header, in Danish, and the typed note stays in the form.
    page.goto(reverse("safety_walks_add_update", args=[path.pk]))
    page.get_by_label("Besked til beboerne").fill("Hegnet er rejst igen.")
    page.get_by_label("Foto", exact=True).set_input_files(
        {"name": "bombe.png", "mimeType": "image/png", "buffer": bomb_png()}
    )
    page.get_by_role("button", name="Gem opdatering").click()
    expect(page.get_by_text("Fotoet har for mange pixels (11.000 × 11.000)")).to_be_visible()
    expect(page.get_by_label("Besked til beboerne")).to_have_value("Hegnet er rejst igen.")

    public, private, internal = (
        FindingUpdate.objects.get(public_note="Lampen er skiftet.").photo,
        FindingUpdate.objects.get(public_note="Før-billede til kommunen.").photo,
        FindingUpdate.objects.get(finding=dealing).photo,
    )
    assert FindingUpdate.objects.count() == 3
    # What the partner's browser is served carries no position and no camera, in every size.
    for photo in (public, private, internal):
        for size in SIZES:
            response = page.request.get(photo.url(size))
            assert response.status == 200, (photo, size)
            meta = metadata_of(response.body())
            assert meta["gps"] == {} and meta["exif"] == {} and meta["info"] == set(), (photo, size)
    assert "IMG_4711" not in public.file.name

    # The resident, not logged in, sees the public photo on the walk page, and nothing else by any address.
    resident = new_context(viewport={"width": 390, "height": 844}).new_page()
    resident.goto(walk.url)
    card = resident.locator(".bs-finding", has_text="Mørk sti")
    img = card.locator(f'img[src="{public.url("thumb")}"]')
    expect(img).to_be_visible()
    # Loaded, and the size the page promised (upright: 1200 x 900 on its side becomes 360 x 480).
    assert loaded_image(img) == {"loaded": True, "width": 360, "height": 480}
    assert resident.locator(f'img[src*="{private.token}"], img[src*="{internal.token}"]').count() == 0
    for photo in (private, internal):
        for url in [photo.url(size) for size in SIZES] + [f"/media/{name}" for name in photo.file_names()]:
            assert resident.request.get(url).status == 404, url


def body_length(answer: bytes) -> int:
    for line in answer.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def test_an_anonymous_200_mb_post_is_refused_before_it_reaches_disk(live_server, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    address = urlsplit(live_server.url)
    size = 200 * 1024 * 1024
    head = (
        "POST /admin/login/ HTTP/1.1\r\n"
        f"Host: {address.hostname}\r\n"
        "Content-Type: multipart/form-data; boundary=grænse\r\n"
        f"Content-Length: {size}\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=20) as connection:
        connection.sendall(head.encode("latin-1") + b"x" * 65_536)  # the body's first 64 KB, then we wait
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < body_length(answer):
            chunk = connection.recv(65_536)
            if not chunk:
                break
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line
    assert "Filen er for stor" in rest.decode()
    assert list(tmp_path.iterdir()) == []
