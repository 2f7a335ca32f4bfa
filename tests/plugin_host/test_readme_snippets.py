"""The README's install contract (issue #11): both snippets are there, after their markers, as valid Python.

Fast, and part of every `make test`; the fresh-host proof (test_fresh_host.py) applies them to a real site.
"""

from tests.plugin_host.host import readme_snippets


def test_the_readme_holds_the_settings_and_urls_snippets_after_their_markers():
    snippets = readme_snippets()
    assert set(snippets) >= {"settings", "urls"}
    for name in ("settings", "urls"):
        compile(snippets[name], f"README.md install:{name}", "exec")


def test_a_marker_takes_only_the_fenced_block_right_after_it():
    text = "<!-- install:settings -->\n```python\nA = 1\n```\n\n```python\nB = 2\n```\n"
    assert readme_snippets(text) == {"settings": "A = 1\n"}
