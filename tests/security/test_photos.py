"""Photos of findings and updates: no metadata in any size, served only to those who may see them, bombs and
huge bodies refused before they cost memory or disk (issues #13 and #14)."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from estates import roles
from estates.checks import check_media
from estates.models import Photo
from estates.photo_storage import photo_storage
from estates.photos import PhotoField, photo_delete_unreferenced, photo_store
from estates.tasks import clean_up_photos
from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk
from tests.security.photo_files import bomb_png, jpeg_with_gps, metadata_of, png_with_text

pytestmark = pytest.mark.django_db
SIZES = ("original", "large", "thumb")


def upload(content: bytes, name="IMG_4711.JPG", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


def store(content=None, **kwargs) -> Photo:
    return photo_store(upload=upload(content or jpeg_with_gps()), uploaded_by=None, **kwargs)


def served(client, photo, size) -> bytes:
    response = client.get(photo.url(size))
    assert response.status_code == 200, (size, response.status_code)
    return b"".join(response.streaming_content)


def test_a_phone_photo_is_served_upright_in_every_size_without_position_or_camera(client):
    photo = store(alt_text="Knust lampe ved stien")
    make_finding(make_walk(), photo=photo)  # public: the resident may fetch every size

    for size in SIZES:
        meta = metadata_of(served(client, photo, size))
        assert meta["gps"] == {} and meta["exif"] == {}, size
        assert meta["info"] == set(), size  # no comment ("Nordparken 14, 2. th"), no XMP
        width, height = meta["size"]
        assert height > width, size  # the orientation was applied before the tag went
    assert (photo.width, photo.height) == (200, 300)
    assert "IMG_4711" not in photo.file.name


def test_a_png_loses_its_text_and_xmp_and_keeps_transparency_capable_sizes(client):
    photo = store(png_with_text())
    make_finding(make_walk(), photo=photo)
    for size in SIZES:
        content = served(client, photo, size)
        assert b"Politibetjent" not in content and b"xmpmeta" not in content
        assert metadata_of(content)["info"] == set()
    assert photo.file.name.endswith(".png")


def test_photo_files_live_outside_media_root_under_random_names(settings):
    photo = store()
    stored = Path(photo_storage().path(photo.file.name)).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
    assert all(photo_storage().exists(name) for name in photo.file_names())
    assert Client().get(f"/media/{photo.file.name}").status_code == 404
    assert len(photo.token) >= 32


def test_the_photo_img_tag_gives_size_alt_and_lazy_loading():
    photo = store(jpeg_with_gps(size=(1200, 800)), alt_text="Væltet hegn")
    html = Template('{% load boligsocial_photos %}{% photo_img photo "thumb" %}').render(Context({"photo": photo}))
    assert f'src="{photo.url("thumb")}"' in html
    assert 'width="320" height="480"' in html  # 800 x 1200 upright, scaled to fit 480
    assert 'alt="Væltet hegn"' in html and 'loading="lazy"' in html and 'decoding="async"' in html


@pytest.fixture
def police():
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def scene(police):
    """A public finding with a photo, an internal one, and updates with and without a public photo."""
    walk = make_walk()
    public = make_finding(walk, title="Mørk sti", photo=store(), responsibilities=[(police, RS.PLACED, 30)])
    internal = make_finding(
        walk, title="Hashsalg", is_public=False, photo=store(), responsibilities=[(police, RS.PLACED, 30)]
    )
    shown = FindingUpdate.objects.create(finding=public, public_note="Ny lampe", photo=store(), photo_public=True)
    unshown = FindingUpdate.objects.create(finding=public, internal_note="Før", photo=store(), photo_public=False)
    on_internal = FindingUpdate.objects.create(finding=internal, photo=store(), photo_public=True)
    hidden = FindingUpdate.objects.create(
        finding=public, public_note="Navn", photo=store(), photo_public=True, public_note_hidden_at=timezone.now()
    )
    return {
        "public": public.photo,
        "internal": internal.photo,
        "update_shown": shown.photo,
        "update_not_shown": unshown.photo,
        "update_of_internal": on_internal.photo,
        "update_hidden": hidden.photo,
    }


PRIVATE = ("internal", "update_not_shown", "update_of_internal", "update_hidden")


def test_a_resident_sees_public_photos_with_a_public_cache_and_nothing_else(scene):
    anonymous = Client()
    for name in ("public", "update_shown"):
        for size in SIZES:
            response = anonymous.get(scene[name].url(size))
            assert response.status_code == 200, (name, size)
            assert response["Cache-Control"].startswith("public")
    for name in PRIVATE:
        for size in SIZES:
            assert anonymous.get(scene[name].url(size)).status_code == 404, (name, size)


def test_a_foreign_photo_and_a_missing_one_answer_alike(scene, police):
    stranger = make_user(roles.PARTNERS, organisation=make_organisation(name="Kommunen"), username="kommune")
    client = Client()
    client.force_login(stranger)
    foreign = client.get(scene["internal"].url("thumb"))
    missing = client.get(reverse("boligsocial:photo", kwargs={"token": "x" * 32, "size": "thumb"}))
    bad_size = client.get(reverse("boligsocial:photo", kwargs={"token": scene["public"].token, "size": "huge"}))
    assert foreign.status_code == missing.status_code == bad_size.status_code == 404


def test_the_responsible_partner_and_staff_see_private_photos_privately(scene, police):
    officer = make_user(roles.PARTNERS, organisation=police, username="politi")
    staff = make_user(roles.STAFF, username="medarbejder")
    for user in (officer, staff):
        client = Client()
        client.force_login(user)
        for name in PRIVATE:
            response = client.get(scene[name].url("large"))
            assert response.status_code == 200, (user, name)
            assert response["Cache-Control"] == "private, no-store"


def test_serving_a_public_photo_costs_the_same_queries_however_many_findings_and_updates(
    client, django_assert_num_queries
):
    walk = make_walk()
    photo = store()
    finding = make_finding(walk, photo=photo)
    client.get(photo.url("thumb"))
    # The photo by its token, the public finding holding it, and whether a resident's report holds it (a report's
    # photo is staff's only: every rule is asked, since any one may refuse).
    with django_assert_num_queries(3):
        assert client.get(photo.url("thumb")).status_code == 200
    for n in range(30):
        FindingUpdate.objects.create(finding=make_finding(walk), public_note=f"{n}", photo=store(), photo_public=True)
        FindingUpdate.objects.create(finding=finding, public_note=f"{n}")
    with django_assert_num_queries(3):
        assert client.get(photo.url("large")).status_code == 200


def test_a_decompression_bomb_is_refused_from_its_header_in_danish():
    bomb = bomb_png()
    assert len(bomb) < 16_000
    field = PhotoField(required=False)
    with pytest.raises(Exception) as refused:
        field.clean(SimpleUploadedFile("bombe.png", bomb, "image/png"))
    assert refused.value.code == "too_many_pixels"
    assert "11.000 × 11.000" in refused.value.messages[0]
    assert "for mange pixels" in refused.value.messages[0]


def test_a_bomb_on_the_update_form_keeps_the_typed_note(police):
    finding = make_finding(make_walk(), title="Mørk sti", responsibilities=[(police, RS.PLACED, 30)])
    officer = make_user(roles.PARTNERS, organisation=police, username="politi")
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("safety_walks_add_update", args=[finding.pk]),
        {
            "responsibility": finding.responsibilities.get().pk,
            "public_note": "Lampen skiftes i næste uge.",
            "photo": SimpleUploadedFile("bombe.png", bomb_png(), "image/png"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "for mange pixels" in html
    assert "Lampen skiftes i næste uge." in html
    assert not Photo.objects.exists() and not finding.updates.exists()


def test_a_200_mb_body_is_refused_in_danish_before_one_byte_is_read(client, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    # The test client's body holds 10 bytes; reading past them raises, so a 413 proves nothing was read.
    response = client.generic(
        "POST",
        "/admin/login/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "for stor" in response.content.decode()
    assert list(tmp_path.iterdir()) == []


def test_a_body_within_the_limit_passes(client, settings):
    settings.BOLIGSOCIAL_MAX_REQUEST_SIZE = 1024
    assert client.post("/admin/login/", {"username": "x" * 100}).status_code != 413
    assert client.post("/admin/login/", {"username": "x" * 2000}).status_code == 413


def test_the_check_names_a_missing_request_size_middleware(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "middleware_limits" not in m]
    assert [e.id for e in check_media(None)] == ["boligsocial.E013"]


def test_the_check_refuses_private_photos_inside_media_root(settings):
    settings.BOLIGSOCIAL_PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "photos"
    assert [e.id for e in check_media(None)] == ["boligsocial.E014"]


def test_a_replaced_or_orphaned_photo_is_deleted_with_its_files():
    finding = make_finding(make_walk(), photo=store())
    old = finding.photo
    names = old.file_names()
    finding.photo = store()
    finding.save()
    assert photo_delete_unreferenced() == 1
    assert not Photo.objects.filter(pk=old.pk).exists()
    assert not any(photo_storage().exists(name) for name in names)
    assert Photo.objects.get() == finding.photo


def test_the_cleanup_command_keeps_photos_just_uploaded(capsys):
    fresh = store()
    old = store()
    Photo.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=2))
    call_command("boligsocial_photo_cleanup")
    assert list(Photo.objects.all()) == [fresh]
    assert "1" in capsys.readouterr().out


def test_a_nightly_schedule_deletes_old_orphaned_photos():
    call_command("setup_schedules", stdout=io.StringIO())
    (schedule,) = Schedule.objects.filter(func="estates.tasks.clean_up_photos")
    assert schedule.schedule_type == Schedule.DAILY
    kept = make_finding(make_walk(), photo=store()).photo
    orphan = store()
    Photo.objects.update(created_at=timezone.now() - timezone.timedelta(days=2))
    assert clean_up_photos() == "1"
    assert list(Photo.objects.all()) == [kept]
    assert not Photo.objects.filter(pk=orphan.pk).exists()


def test_an_unreadable_file_gets_a_clear_message():
    field = PhotoField(required=False)
    with pytest.raises(Exception) as refused:
        field.clean(SimpleUploadedFile("rapport.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png"))
    assert refused.value.code == "not_a_photo"
    truncated = io.BytesIO(jpeg_with_gps())
    with pytest.raises(Exception) as broken:
        field.clean(SimpleUploadedFile("halv.jpg", truncated.getvalue()[:400], "image/jpeg"))
    assert broken.value.code in {"broken", "not_a_photo"}


def test_staff_replace_describe_and_remove_a_findings_photo_in_the_finding_editor(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(roles.STAFF, username="medarbejder"))
    finding = make_finding(make_walk(), title="Slukket lampe", photo=store())
    old = finding.photo
    url = f"/admin/safety_walks/finding/edit/{finding.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    assert old.url("thumb") in form.content.decode()  # the current thumbnail above the upload field
    assert "boligsocial/admin/photo-input.css" in form.content.decode()  # shown small, by the widget's media
    data = {
        field.html_name: field.value() if field.value() is not None else ""
        for field in form.context["form"]
        if field.name not in {"photo_upload", "photo_remove", "is_public", "status_set_by_staff"}
    }
    data.update(
        {
            "responsibilities-TOTAL_FORMS": "0",
            "responsibilities-INITIAL_FORMS": "0",
            "responsibilities-MIN_NUM_FORMS": "0",
            "responsibilities-MAX_NUM_FORMS": "1000",
            "is_public": "on",
            "photo_alt_text": "Lampen ved legepladsen",
            "photo_upload": upload(jpeg_with_gps()),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    finding.refresh_from_db()
    assert finding.photo_id != old.pk and finding.photo.alt_text == "Lampen ved legepladsen"
    assert not Photo.objects.filter(pk=old.pk).exists()  # the replaced photo went with its files

    data.pop("photo_upload")
    data["photo_remove"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    finding.refresh_from_db()
    assert finding.photo is None and not Photo.objects.exists()
