"""The quality gates reuse the browser plumbing of tests/e2e (Debian's Chromium, phone page, failure screenshots)."""

import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import (  # noqa: F401
    _django_connections,
    browser_context_args,
    browser_type_launch_args,
    page,
    phone_page,
    playwright,
    pytest_runtest_makereport,
    running_in_ci,
)

REPO = Path(__file__).resolve().parent.parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_tool(reason: str | None) -> None:
    """Skip on a developer's laptop without the tool; in CI (CI=true) a missing tool fails the build."""
    if reason is None:
        return
    if running_in_ci():
        pytest.fail(f"CI must run this check: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu HTML checker (npm package vnu-jar) as a command line, or a skip saying what to install."""
    java = shutil.which("java")
    if java is None:
        require_tool("Java not found: the Nu HTML checker needs Java 17+ (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        require_tool(f"{VNU_JAR.relative_to(REPO)} is missing: run `npm install --no-audit --no-fund` (make test does)")
    return [java, "-jar", str(VNU_JAR)]
