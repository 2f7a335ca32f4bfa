"""The public pages of resident reports are valid HTML (the Nu HTML checker) and keep the strict CSP: no inline
script or style, in every state a resident meets (empty form, errors, too many reports, receipt, status)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from safety_walks.models import FindingCategory
from safety_walks.resident_reports import services
from tests.builders import make_area

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)


def report_pages(client, settings) -> dict[str, bytes]:
    area = make_area(name="Nordparken", slug="nordparken")
    category = FindingCategory.objects.get_or_create(name="Belysning")[0]
    report = services.report_submit(area=area, category=category, what="Mørk sti", where="Bag nr. 14")
    form_url = reverse("boligsocial:reports:form", args=[area.slug])
    pages = {
        "choose-area": client.get(reverse("boligsocial:reports:choose_area")),
        "form": client.get(form_url),
        "form-with-errors": client.post(form_url, {"what": "", "where": "", "category": ""}),
        "receipt": client.get(reverse("boligsocial:reports:receipt", args=[report.token])),
        "status": client.get(reverse("boligsocial:reports:status", args=[report.token])),
    }
    settings.BOLIGSOCIAL_REPORTS_PER_ADDRESS_PER_HOUR = 0
    pages["too-many"] = client.post(form_url, {"what": "Mørk sti", "where": "Bag nr. 14", "category": category.pk})
    expected = {"form-with-errors": 200, "too-many": 429}
    for name, response in pages.items():
        assert response.status_code == expected.get(name, 200), name
    return {name: response.content for name, response in pages.items()}


def test_the_report_pages_keep_the_strict_csp(client, home_page, settings):
    for name, content in report_pages(client, settings).items():
        html = content.decode()
        assert not INLINE_SCRIPT.search(html), f"{name}: an inline script"
        assert not INLINE_STYLE.search(html), f"{name}: an inline style"
    response = client.get(reverse("boligsocial:reports:choose_area"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_report_pages_are_valid_html(client, home_page, settings, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML checker needs Java and node_modules/vnu-jar (make test installs it)")
    for name, content in report_pages(client, settings).items():
        (tmp_path / f"{name}.html").write_bytes(content)
    checked = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode in {0, 1}, checked.stderr
    errors = [message for message in json.loads(checked.stdout)["messages"] if message["type"] != "info"]
    assert not errors, "\n".join(f"{e.get('url', '').rsplit('/', 1)[-1]}: {e['message']}" for e in errors)
