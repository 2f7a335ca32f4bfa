"""Every public page type passes the Nu HTML checker (vnu-jar) with no errors."""

import json
import re
import subprocess

import pytest

from tests.quality.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def test_every_public_page_type_is_valid_html(client, home_page, tmp_path, vnu_command):
    pages_by_file = {}
    for public_page in PUBLIC_PAGES:
        path = public_page.build(home_page)
        response = client.get(path)
        assert response.status_code == public_page.status, f"{public_page.name} ({path})"
        file = tmp_path / (re.sub(r"\W+", "-", public_page.name) + ".html")
        file.write_bytes(response.content)
        pages_by_file[file.name] = f"{public_page.name} ({path})"

    # One Java start-up for all pages: it takes longer than checking them.
    checked = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", "--stdout", *sorted(tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert checked.returncode in {0, 1}, f"The Nu HTML checker did not run: {checked.stderr}"
    errors = [message for message in json.loads(checked.stdout)["messages"] if message["type"] != "info"]
    report = "\n".join(
        f"{pages_by_file.get(error.get('url', '').rsplit('/', 1)[-1], error.get('url'))} "
        f"line {error.get('lastLine')}: {error['message']}\n    {error.get('extract', '').strip()}"
        for error in errors
    )
    assert not errors, f"The Nu HTML checker found {len(errors)} error(s):\n{report}"
