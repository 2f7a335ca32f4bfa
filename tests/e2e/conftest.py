"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures every journey can use:
- `page`: a desktop page (1280x800); `phone_page`: a phone-sized page (390x844, touch).
  Both speak Danish (Accept-Language da-DK) and resolve relative URLs against the live server,
  so `phone_page.goto("/")` opens the home page.
- `home_page` (tests/conftest.py) gives the live server a home page; `demo_site` loads the demo.
Every test here is marked `browser` and runs in a transactional database with serialized rollback
(the role groups of the data migration survive); a failing test leaves a screenshot and the HTML
of each open page in `test-artifacts/`.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = E2E_DIR.parent.parent / "test-artifacts"

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
ACTION_TIMEOUT_MS = 10_000


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_chromium() -> str | None:
    """Why the browser journeys cannot run here, or None when Chromium is installed."""
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return (
        f"Chromium not found at {CHROMIUM}: browser journeys need Debian's Chromium "
        "(apt-get install -y --no-install-recommends chromium, or set CHROMIUM=/path/to/chromium)"
    )


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only this folder's: mark and skip only tests under tests/e2e.
    reason = missing_chromium()
    for item in items:
        if E2E_DIR not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        # The live server needs committed data, and the data of the migrations back after each flush.
        django_db = item.get_closest_marker("django_db")
        wanted = {**(django_db.kwargs if django_db else {}), "transaction": True, "serialized_rollback": True}
        if django_db is None or django_db.kwargs != wanted:
            item.add_marker(pytest.mark.django_db(**wanted), append=False)
        if reason and not running_in_ci():
            item.add_marker(pytest.mark.skip(reason=reason))
    # Browser tests last (a stable sort keeps pytest-django's order otherwise): once Playwright runs, this
    # thread has a "running" event loop, which async-aware code (asyncio.run, async_to_sync) refuses.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright's own browser download cannot work on these machines)."""
    reason = missing_chromium()
    if reason:
        # CI installs Chromium (.ci/run), so there a missing browser is a broken build, never a skip.
        if running_in_ci():
            pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _django_connections():
    """The main thread's database connections, before Playwright starts (see `playwright` below)."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_django_connections, playwright):
    """Playwright, with Django still on the connections the test database was set up on.

    Playwright's sync API leaves an event loop marked as running in this thread. Two consequences:
    - Django refuses database work "from async code" unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set
      only while Playwright runs (browser tests run last), not at import: subprocesses of other tests,
      such as `manage.py check --deploy`, would inherit it and fail.
    - Django keeps its connections in an asgiref Local that then switches to per-context storage: without
      putting the old connections back, tests would get fresh connection objects that lack the serialized
      rollback contents, and every live-server test after the first would start from an empty database.
    """
    from django.db import connections

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    for alias, connection in _django_connections.items():
        connections[alias] = connection
    yield playwright
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """A Danish resident's browser pointed at the live server."""
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "da-DK",
        "timezone_id": "Europe/Copenhagen",
    }


@pytest.fixture
def page(new_context):
    """A desktop browser page."""
    return _new_page(new_context, DESKTOP)


@pytest.fixture
def phone_page(new_context):
    """A phone-sized browser page (390x844, touch), as most residents read the site."""
    return _new_page(new_context, PHONE)


def _new_page(new_context, options):
    context = new_context(**options)
    # A local live server answers in milliseconds: fail in 10 s rather than Playwright's 30 s per step.
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def demo_site(db):
    """The demo content of every app (`manage.py load_demo`), for journeys through a realistic site."""
    from django.core.management import call_command

    from home.models import HomePage

    call_command("load_demo", stdout=io.StringIO())
    # The Danish home page: the demo's other languages have their own (translations and aliases).
    return HomePage.objects.get(locale__language_code="da")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when in {"setup", "call"}:
        _save_artifacts(item, report)
    elif report.passed and report.when == "call":
        for stale in ARTIFACTS_DIR.glob(f"{_artifact_stem(item)}*"):
            stale.unlink(missing_ok=True)
    return report


def _artifact_stem(item) -> str:
    return re.sub(r"[^\w.-]+", "-", item.nodeid).strip("-")[:180]


def _save_artifacts(item, report) -> None:
    """Keep a screenshot and the HTML of every page the failing test had open."""
    browser = item.funcargs.get("browser")
    if browser is None:
        return
    pages = [page for context in browser.contexts for page in context.pages if page.url != "about:blank"]
    if pages:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
    for index, page in enumerate(pages):
        name = _artifact_stem(item) if len(pages) == 1 else f"{_artifact_stem(item)}-{index + 1}"
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
            (ARTIFACTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the test's own failure
            report.sections.append(("test-artifacts", f"could not save {name}: {error}"))
        else:
            report.sections.append(("test-artifacts", f"saved test-artifacts/{name}.png and .html"))
