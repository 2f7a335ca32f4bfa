"""The README's install snippets, found exactly as the fresh-host proof finds them."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = re.compile(r"^<!-- install:(?P<name>[a-z]+) -->\s*\n```python\n(?P<code>.*?)^```", re.M | re.S)


def readme_snippet(name: str) -> str:
    snippets = {match["name"]: match["code"] for match in MARKER.finditer(README.read_text(encoding="utf-8"))}
    return snippets[name]
