"""The fresh-host proof (issue #11): fixtures that build the host once per run and drive it in Chromium.

Tests marked `plugin_host` run only when asked for (`make plugin-host`, or `pytest -m plugin_host`): they
build the wheel, install Wagtail and the plugin from the package index into a new virtualenv and take a
few minutes, so `make test` leaves them out and `.ci/run` runs them once.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.conftest import ACTION_TIMEOUT_MS, ARTIFACTS_DIR, CHROMIUM, CHROMIUM_ARGS, missing_chromium
from tests.plugin_host.host import FreshHost

HOST_ARTIFACTS = ARTIFACTS_DIR / "plugin-host"
# The host lives in memory where the machine has a tmpfs: its SQLite database commits ~230 migrations with a
# sync to disk each, a third of the time of `migrate` on this machine's disk.
IN_MEMORY = Path("/dev/shm")
_hosts: list[FreshHost] = []


def pytest_collection_modifyitems(config, items):
    """Leave the proof out unless the marker expression asks for it (a deselection, not a skip)."""
    if "plugin_host" in (config.option.markexpr or ""):
        return
    left_out = [item for item in items if item.get_closest_marker("plugin_host")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("plugin_host")]


def pytest_terminal_summary(terminalreporter):
    for host in _hosts:
        terminalreporter.section("fresh Wagtail host: time per step")
        terminalreporter.write_line(host.timings())
        for deviation in host.deviations:
            terminalreporter.write_line(f"README step missing: {deviation}")
        terminalreporter.write_line(f"logs: {HOST_ARTIFACTS}")


@pytest.fixture(scope="module")
def fresh_host():
    """A `wagtail start` site with the plugin from its wheel and the README's snippets, migrated, seeded, served."""
    reason = missing_chromium()
    if reason:
        pytest.fail(f"The fresh-host proof runs in a real browser: {reason}", pytrace=False)
    shutil.rmtree(HOST_ARTIFACTS, ignore_errors=True)
    host = FreshHost(
        Path(tempfile.mkdtemp(prefix="boligsocial-host-", dir=IN_MEMORY if os.access(IN_MEMORY, os.W_OK) else None))
    )
    _hosts.append(host)
    try:
        host.build()
        host.make_venv()
        host.start_project()
        host.install_plugin()
        host.apply_snippets()
        host.migrate()
        host.check()
        host.setup_schedules()
        host.setup_pages()
        host.seed_content()
        host.serve()
        yield host
    finally:
        host.stop()
        # Keep the logs (every command's output, the server's and the worker's) for whoever reads a failure.
        if host.logs.exists():
            shutil.copytree(host.logs, HOST_ARTIFACTS, dirs_exist_ok=True)
            (HOST_ARTIFACTS / "timings.txt").write_text(host.timings() + "\n", encoding="utf-8")
        host.remove()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright's sync API (the proof does not use the live server or its database)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API leaves a running event loop in this thread; pytest-django's session teardown
    # still touches the (unused) test database. See tests/e2e/conftest.py.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, fresh_host, request):
    """A Danish desktop browser on the fresh host; a failing test leaves a screenshot and the HTML."""
    context = browser.new_context(
        base_url=fresh_host.base_url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and page.url != "about:blank":
        HOST_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(HOST_ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        (HOST_ARTIFACTS / f"{request.node.name}.html").write_text(page.content(), encoding="utf-8")
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.report_call = report
    return report
