"""Issue #11, proven: a fresh `wagtail start` site plus only the README's plugin section gives a working plugin.

The fixture `fresh_host` (conftest.py) builds the wheel, installs it with Wagtail into a new virtualenv beside a
new `wagtail start` project, appends the README's two snippets verbatim, runs the README's commands, seeds a
walk, a finding for the police, an activity and two users, and serves the host with a django-q2 worker.
Then Chromium checks what residents, staff and a partner get.
"""

import email
import email.policy
import io
import re
import tarfile
import time
import tomllib
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import loaded_image
from tests.plugin_host.catalogues import PLUGIN_APPS, english_phrases

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.plugin_host

# Geometry and clipping of an element that only screen readers may read (the plugin's visually-hidden rule).
HIDDEN_TEXT_JS = """
() => [...document.querySelectorAll('[class*="sr-only"], [class*="visually-hidden"]')].map(el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const clipped = style.clip.startsWith('rect(0') || style.clipPath.startsWith('inset(50%');
    return {html: el.outerHTML.slice(0, 160), width: box.width, height: box.height, clipped,
            shown: style.display !== 'none' && style.visibility !== 'hidden'};
})
"""
# The plugin's stylesheets that the page loaded, with how many rules each holds (0 when it failed to load).
PLUGIN_SHEETS_JS = """
(paths) => [...document.styleSheets]
    .filter(sheet => sheet.href && paths.includes(new URL(sheet.href).pathname))
    .map(sheet => {
        let rules = 0;
        try { rules = sheet.cssRules.length } catch (e) {}
        return {href: sheet.href, rules};
    })
"""


def test_the_wheel_holds_the_four_apps_and_nothing_of_the_demo_site(fresh_host):
    wheel = zipfile.ZipFile(fresh_host.wheel).namelist()
    top_level = {name.split("/", 1)[0] for name in wheel if "/" in name and ".dist-info/" not in name}
    assert top_level == set(PLUGIN_APPS)
    for app in PLUGIN_APPS:
        assert f"{app}/migrations/0001_initial.py" in wheel
        assert f"{app}/locale/da/LC_MESSAGES/django.mo" in wheel
        assert any(name.startswith(f"{app}/templates/") for name in wheel), f"{app} ships no templates"
    assert any(name.endswith(".css") and "/static/" in name for name in wheel), "no stylesheet in the wheel"
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in wheel)
    metadata = next(name for name in wheel if name.endswith(".dist-info/METADATA"))
    licence = next(name for name in wheel if name.endswith(".dist-info/licenses/LICENSE"))
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert f"Version: {version}" in zipfile.ZipFile(fresh_host.wheel).read(metadata).decode()
    assert "BSD 3-Clause" in zipfile.ZipFile(fresh_host.wheel).read(licence).decode()

    with tarfile.open(fresh_host.sdist) as sdist:
        folders = {name.split("/")[1] for name in sdist.getnames() if name.count("/") >= 1}
    assert not folders & {"site", "tests", "benchmarks", "static", "templates", "locale", "node_modules"}
    assert set(PLUGIN_APPS) <= folders


def test_check_names_no_problem_and_the_readme_commands_were_enough(fresh_host):
    assert "System check identified no issues" in fresh_host.check_output, fresh_host.check_output
    assert not fresh_host.deviations


@pytest.mark.parametrize("kind", ["walk index", "walk", "calendar", "activity", "statistics"])
def test_every_public_page_type_answers_in_the_plugins_style_with_no_visible_screen_reader_text(page, fresh_host, kind):
    response = page.goto(fresh_host.seed["pages"][kind])
    assert response.status == 200, f"{kind} page answered {response.status}"

    shipped = fresh_host.stylesheet_urls()
    sheets = page.evaluate(PLUGIN_SHEETS_JS, shipped)
    assert sheets, f"the {kind} page loads none of the stylesheets the wheel ships: {shipped}"
    assert all(sheet["rules"] > 0 for sheet in sheets), f"a plugin stylesheet did not load: {sheets}"

    hidden = page.evaluate(HIDDEN_TEXT_JS)
    on_screen = [el for el in hidden if el["shown"] and not (el["width"] <= 1 and el["height"] <= 1 and el["clipped"])]
    assert not on_screen, f"screen-reader-only text shows on the {kind} page: {on_screen}"


def test_screen_reader_only_text_exists_on_the_public_pages_so_the_check_above_checks_something(page, fresh_host):
    found = 0
    for url in fresh_host.seed["pages"].values():
        page.goto(url)
        found += len(page.evaluate(HIDDEN_TEXT_JS))
    assert found, "no screen-reader-only element on any public page"


def test_staff_work_the_findings_in_a_danish_admin(page, fresh_host):
    log_in(page, fresh_host, "sara")
    assert_danish(page, "Tryghedsvandringer")

    page.goto("/admin/safety_walks/finding/")
    expect(page.locator("table.listing")).to_contain_text("Knallerter på stien")
    assert_danish(page, "Knallerter på stien")

    page.get_by_role("link", name="Knallerter på stien").first.click()
    expect(page.locator("#id_title")).to_have_value("Knallerter på stien")
    assert_danish(page, "Lokalpolitiet")

    page.goto(f"/admin/safety-walks/walk/{fresh_host.seed['walk']}/agenda/")
    expect(page.locator("main")).to_contain_text("Knallerter på stien")
    assert_danish(page, "Knallerter på stien")

    # Staff edit the plugin's pages, never the host's own home page.
    page.goto(f"/admin/pages/{fresh_host.seed['walk']}/edit/")
    expect(page.locator("#id_title")).to_have_value("Tryghedsvandring i Nordparken")
    assert_danish(page, "Tryghedsvandring i Nordparken")
    home_editor = f"/admin/pages/{fresh_host.seed['home']}/edit/"
    page.goto(home_editor)
    expect(page.locator("#id_title")).to_have_count(0)
    assert not page.url.endswith(home_editor), "staff may edit the host's home page"


def test_the_partner_adds_an_update_with_a_photo_in_a_danish_admin(page, fresh_host):
    log_in(page, fresh_host, "betjent")
    page.get_by_role("link", name="Mine opgaver").first.click()
    cards = page.locator(".my-item")
    expect(cards.first).to_contain_text("Knallerter på stien")
    assert_danish(page, "Mine opgaver")

    cards.first.get_by_role("link", name=re.compile("^Opdatér")).click()
    assert_danish(page, "Gem opdatering")
    page.get_by_label("Ny status").select_option(label="I gang")
    page.get_by_label("Besked til beboerne").fill("Vi patruljerer på stien hver fredag.")
    page.get_by_label("Foto", exact=True).set_input_files(
        {"name": "stien.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Gem opdatering").click()
    expect(page.locator(".messages")).to_contain_text("Tak")
    assert_danish(page, "Tak")

    # The update with its photo is on the finding: the photo loads through the plugin's serving view.
    page.goto(f"/admin/safety-walks/finding/{fresh_host.seed['finding']}/update/")
    expect(page.locator("body")).to_contain_text("Vi patruljerer på stien hver fredag.")
    photos = page.locator("img[src*='/boligsocial/foto/']")
    expect(photos.first).to_be_visible()
    loaded = loaded_image(photos.first)["loaded"]
    assert loaded, "the update's photo did not load"

    resident = page.context.browser.new_page(base_url=fresh_host.base_url)
    resident.goto(fresh_host.seed["pages"]["walk"])
    expect(resident.locator("body")).to_contain_text("Vi patruljerer på stien hver fredag.")
    resident.close()


def test_a_reminder_sweep_sends_one_email_whose_links_start_with_the_hosts_base_url(fresh_host):
    # The sweep as the schedule runs it. The host's own scheduled sweep (setup_schedules, about 30 s after
    # qcluster starts) may have claimed the reminder first: either way it is sent once, by the worker.
    output = fresh_host.shell("reminder sweep", "sweep.py")
    assert re.search(r"SWEEP=1 due", output), output

    deadline = time.monotonic() + 60
    while not (reminders := deadline_reminders(fresh_host)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(reminders) == 1, (
        f"{len(reminders)} deadline reminders; the worker said:\n{fresh_host.log_of('qcluster')}"
    )
    reminder = reminders[0]
    assert reminder["To"] == "betjent@example.org"
    links = [link for part in text_parts(reminder) for link in re.findall(r"https?://[^\s\"'<>]+", part)]
    update_url = f"{fresh_host.base_url}/admin/safety-walks/finding/{fresh_host.seed['finding']}/update/"
    assert update_url in links, links
    assert all(link.startswith(f"{fresh_host.base_url}/") for link in links), links


def test_no_request_answered_500_and_the_worker_failed_no_task(fresh_host):
    """Last: everything above ran without a server error or a failed background task (e.g. a notification)."""
    server_errors = [line for line in fresh_host.log_of("runserver").splitlines() if re.search(r'" 5\d\d ', line)]
    assert not server_errors, "\n".join(server_errors)
    failed_tasks = [line for line in fresh_host.log_of("qcluster").splitlines() if "[Q] ERROR" in line]
    assert not failed_tasks, fresh_host.log_of("qcluster")[-4000:]


# --- helpers -----------------------------------------------------------------------------------------------


def log_in(page, fresh_host, username: str) -> None:
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(fresh_host.seed["password"])
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def assert_danish(page, danish_text: str) -> None:
    """The page shows `danish_text` and none of the plugin's own English messages."""
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    assert danish_text in text, f"{page.url} does not show {danish_text!r}"
    english = [phrase for phrase in english_phrases() if phrase in text]
    assert not english, f"{page.url} shows the plugin's English: {english}"


def deadline_reminders(fresh_host) -> list[EmailMessage]:
    """The worker's emails (Wagtail's dev settings print them) that remind of the finding's coming deadline."""
    return [
        message
        for message in printed_emails(fresh_host.log_of("qcluster"))
        if str(message["Subject"]).startswith("Fristen nærmer sig") and "Knallerter på stien" in message["Subject"]
    ]


def printed_emails(output: str) -> list[EmailMessage]:
    """The messages Django's console email backend printed (each ends with a line of 79 dashes)."""
    messages = []
    for chunk in output.split("-" * 79):
        start = re.search(r"^(Content-Type|MIME-Version):", chunk, re.M)
        if start:
            messages.append(email.message_from_string(chunk[start.start() :], policy=email.policy.default))
    return messages


def text_parts(message: EmailMessage) -> list[str]:
    return [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()
