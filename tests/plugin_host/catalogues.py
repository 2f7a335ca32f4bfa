"""The plugin's own English messages, read from its Danish catalogues: text a Danish admin must never show."""

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLUGIN_APPS = ("estates", "safety_walks", "community", "mediation")
ENTRY = re.compile(r'^(?P<key>msgid|msgstr)\s+(?P<first>".*")\s*$((?:\n".*"\s*$)*)', re.M)


def translated_messages() -> dict[str, str]:
    """msgid -> Danish msgstr of every translated, non-fuzzy, singular entry of the four apps' catalogues."""
    messages = {}
    for app in PLUGIN_APPS:
        text = (REPO / app / "locale" / "da" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            if "#, fuzzy" in block or "msgid_plural" in block:
                continue
            parts = {match["key"]: _unquote(match[0].split(None, 1)[1]) for match in ENTRY.finditer(block)}
            if parts.get("msgid") and parts.get("msgstr") and parts["msgstr"] != parts["msgid"]:
                messages[parts["msgid"]] = parts["msgstr"]
    return messages


def english_phrases() -> list[str]:
    """The plugin's English messages of two words or more without placeholders: none may show in a Danish admin.

    Single words ("Status", "Id") and messages with placeholders could match Danish text or data by chance.
    """
    return sorted(
        msgid for msgid in translated_messages() if len(msgid.split()) >= 2 and not re.search(r"%|\{|<|\n", msgid)
    )


def _unquote(lines: str) -> str:
    return "".join(ast.literal_eval(line.strip()) for line in lines.strip().splitlines())
