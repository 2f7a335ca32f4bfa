"""A resident and the walk report in a real browser: delays and progress on a phone, a finding's own address,
the numbered map beside the list, the page without JavaScript, and the report printed to PDF."""

import io
import re
import struct
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from estates import roles
from safety_walks.models import FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.e2e.helpers import assert_accessible, assert_fits_the_screen, log_in_as
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The tiles are external: the tests point the setting at a host that cannot exist and answer it themselves.
TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"


def _png() -> bytes:
    """A 1x1 grey PNG for every tile request."""
    raw = b"\x00\x80"
    chunk = lambda kind, data: (  # noqa: E731
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture(autouse=True)
def _local_tiles(settings):
    settings.BOLIGSOCIAL_MAP_TILE_URL = TILE_URL


def serve_tiles(page) -> list[str]:
    """Answer tile requests locally and refuse any other outside request; returns the outside URLs asked for."""
    outside = []
    tile = _png()

    def handle(route):
        url = route.request.url
        if url.startswith("https://tiles.invalid/"):
            route.fulfill(status=200, content_type="image/png", body=tile)
        else:
            outside.append(url)
            route.abort()

    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1).*"), handle)
    return outside


@pytest.fixture
def walk_with_findings(home_page):
    police = make_organisation(name="Lokalpolitiet")
    municipality = make_organisation(name="Kommunen")
    walk = make_walk(
        title="Tryghedsvandring i Nordparken",
        areas=[make_area(name="Nordparken", slug="nordparken")],
        walk_date=timezone.now() - timedelta(days=60),
    )
    findings = {
        "lamp": make_finding(
            walk,
            title="Slukket lampe ved nr. 14",
            latitude="55.676100",
            longitude="12.568300",
            responsibilities=[(municipality, RS.RESOLVED, 10)],
        ),
        "path": make_finding(
            walk,
            title="Mørk sti bag blokken",
            latitude="55.676500",
            longitude="12.569000",
            responsibilities=[(municipality, RS.IN_PROGRESS, 20), (police, RS.PLACED, 90)],
        ),
        "hedge": make_finding(
            walk,
            title="Høj hæk ved legepladsen",
            latitude="55.677000",
            longitude="12.567500",
            responsibilities=[(police, RS.PLACED, 30)],
        ),
        "bin": make_finding(walk, title="Overfyldte skraldespande"),
        "secret": make_finding(walk, title="Hashsalg i kælderen", is_public=False),
    }
    FindingUpdate.objects.create(
        finding=findings["path"],
        organisation=municipality,
        new_status=RS.IN_PROGRESS,
        # A long web address must wrap on a phone, not widen the page (review: 398 px at 390).
        public_note=(
            "Vi har bestilt nye lamper til stien. Læs mere på "
            "https://kommune.example/teknik-og-miljoe/nyheder/2026/11/30/tryghedsbelysning-i-nordparken-og-omegn"
        ),
        internal_note="Leverandøren er forsinket.",
    )
    return walk, findings


def test_resident_on_a_phone_reads_delays_and_progress_and_opens_a_finding_by_its_address(
    phone_page, walk_with_findings
):
    walk, findings = walk_with_findings
    outside = serve_tiles(phone_page)

    phone_page.goto(walk.url)

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tryghedsvandring i Nordparken")
    progress = phone_page.locator(".bs-walk-progress__summary")
    expect(progress).to_contain_text("1 af 4 løst")
    expect(progress).to_contain_text("2 forsinkede")
    path_card = phone_page.locator(f"#fund-{findings['path'].pk}")
    expect(path_card).to_contain_text("Forsinket siden")
    expect(path_card).to_contain_text("Vi arbejder på det")
    expect(path_card).to_contain_text("Ikke startet endnu")  # the police's own part, not late yet
    expect(phone_page.locator("body")).not_to_contain_text("Hashsalg")
    # Open findings first; the fixed lamp comes last.
    titles = phone_page.locator(".bs-finding__title a")
    expect(titles).to_have_text(
        ["Mørk sti bag blokken", "Høj hæk ved legepladsen", "Overfyldte skraldespande", "Slukket lampe ved nr. 14"]
    )
    # The map shows a marker per finding with a position, numbered as in the list.
    expect(phone_page.locator("[data-bs-map-section]")).to_be_visible()
    markers = phone_page.locator(".bs-map__marker")
    expect(markers).to_have_count(3)
    list_numbers = {
        title: number
        for number, title in zip(
            phone_page.locator(".bs-finding__title .bs-finding__number").all_inner_texts(),
            titles.all_inner_texts(),
            strict=True,
        )
    }
    marker_titles = phone_page.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")
    for marker_title in marker_titles:
        number, title = marker_title.split(". ", 1)
        assert list_numbers[title] == number
    assert sorted(markers.all_inner_texts()) == sorted(list_numbers[t.split(". ", 1)[1]] for t in marker_titles)
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)

    # A shareable address of its own.
    path_card.get_by_role("link", name="Mørk sti bag blokken", exact=True).tap()
    expect(phone_page).to_have_url(re.compile(rf"/fund/{findings['path'].pk}/$"))
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Mørk sti bag blokken")
    assert phone_page.title().startswith("Mørk sti bag blokken – Tryghedsvandring i Nordparken")
    timeline = phone_page.get_by_role("region", name="Hvad er der sket")
    expect(timeline).to_contain_text("Vi har bestilt nye lamper til stien.")
    expect(timeline).to_contain_text("Kommunen")
    expect(phone_page.locator("body")).not_to_contain_text("Leverandøren")
    expect(phone_page.locator(".bs-map__marker")).to_have_count(1)
    assert_fits_the_screen(phone_page)
    assert_accessible(phone_page)
    assert outside == []  # no tile, font or script from anywhere but the site and the local tile stub


def test_without_javascript_the_list_and_a_link_per_finding_remain(new_context, live_server, walk_with_findings):
    walk, findings = walk_with_findings
    context = new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()

    page.goto(walk.url)

    expect(page.locator("[data-bs-map-section]")).to_be_hidden()
    links = page.locator(".bs-finding__title a")
    expect(links).to_have_count(4)
    href = page.locator(f"#fund-{findings['hedge'].pk} .bs-finding__title a").get_attribute("href")
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høj hæk ved legepladsen")
    assert_fits_the_screen(page)


def test_the_report_prints_every_finding_without_the_site_frame(page, walk_with_findings):
    walk, findings = walk_with_findings
    serve_tiles(page)
    for n in range(12):  # enough cards for several pages
        make_finding(walk, title=f"Ekstra fund nummer {n}", description="En længere beskrivelse. " * 12)

    page.goto(walk.url)
    expect(page.locator(".bs-map__marker")).to_have_count(3)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = " ".join((sheet.extract_text() or "") for sheet in pdf.pages)
    text = re.sub(r"\s+", " ", text)

    assert len(pdf.pages) >= 2
    for finding in [*findings.values(), *walk.findings.filter(title__startswith="Ekstra")]:
        if finding.is_public:
            assert finding.title in text, f"{finding.title} is missing from the printed report"
    assert "Hashsalg" not in text
    assert "Kort over fundene" not in text  # no map
    assert "Spring til indhold" not in text  # no skip link or site navigation
    assert "2 forsinkede" in text


def test_staff_set_a_findings_position_by_clicking_the_map(page, live_server, walk_with_findings):
    walk, findings = walk_with_findings
    serve_tiles(page)
    log_in_as(page, live_server.url, make_user(roles.STAFF, is_staff=True))

    page.goto(f"/admin/safety_walks/finding/edit/{findings['bin'].pk}/")
    box = page.locator("[data-sw-map-point]")
    expect(box).to_be_visible()
    expect(page.locator("#id_latitude")).to_have_value("")
    area = box.locator(".sw-map-point__map").bounding_box()
    box.locator(".sw-map-point__map").click(position={"x": area["width"] / 2 + 10, "y": area["height"] / 2 + 10})

    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert 55 < latitude < 57 and 9.5 < longitude < 11.5  # beside the middle of Denmark, where the map opens
    expect(box.locator(".leaflet-marker-icon")).to_have_count(1)
