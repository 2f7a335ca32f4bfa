"""The plugin's public pages in a host that is only `wagtail start`: its base.html, its blocks, no demo CSS.

The host's base template is tests/quality/templates/wagtail_host/base.html, the one Wagtail's project
template generates. It has the blocks `title`, `extra_css`, `content` and `extra_js`, and no class the
plugin could lean on, so every class a plugin page uses must come from the plugin's own stylesheet.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import translation

from tests.e2e.helpers import assert_fits_the_screen
from tests.quality.pages import PLUGIN_PAGES

HOST_TEMPLATES = Path(__file__).resolve().parent / "templates"
PLUGIN_STYLESHEET = "boligsocial/boligsocial.css"
PLUGIN_STYLESHEET_URL = settings.STATIC_URL + PLUGIN_STYLESHEET
HOST_STYLESHEET_URL = settings.STATIC_URL + "css/host.css"  # the host's own global stylesheet


def templates_with(folder: Path) -> list[dict]:
    """The site's template settings with `folder` searched first, as a host's own templates folder is."""
    engine, *others = settings.TEMPLATES
    return [{**engine, "DIRS": [folder, *engine["DIRS"]]}, *others]


def classes_in_the_stylesheet() -> set[str]:
    css = Path(finders.find(PLUGIN_STYLESHEET)).read_text(encoding="utf-8")
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))


class PageParts(HTMLParser):
    """The stylesheets linked in the <head>, the classes used in the <body>, and the <h1> texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head_stylesheets: list[str] = []
        self.body_classes: set[str] = set()
        self.h1_texts: list[str] = []
        self._in = {"head": False, "body": False, "h1": False}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self._in:
            self._in[tag] = True
        if tag == "h1":
            self.h1_texts.append("")
        if tag == "link" and self._in["head"] and attributes.get("rel") == "stylesheet":
            self.head_stylesheets.append(attributes.get("href", ""))
        if self._in["body"] and attributes.get("class"):
            self.body_classes.update(attributes["class"].split())

    def handle_endtag(self, tag):
        if tag in self._in:
            self._in[tag] = False

    def handle_data(self, data):
        if self._in["h1"]:
            self.h1_texts[-1] += data


def parts_of(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts


def problems_in_host_page(name: str, html: str, defined: set[str]) -> list[str]:
    """What shows that a page did not render in the bare host, or leans on CSS the plugin does not ship."""
    parts = parts_of(html)
    problems = []
    if parts.head_stylesheets != [HOST_STYLESHEET_URL, PLUGIN_STYLESHEET_URL]:
        problems.append(f"{name}: the <head> links {parts.head_stylesheets}, not the host's and then the plugin's")
    if len(parts.h1_texts) != 1 or not parts.h1_texts[0].strip():
        problems.append(f"{name}: {len(parts.h1_texts)} <h1> elements with text {parts.h1_texts}, not one")
    if "bs-page" not in parts.body_classes:
        problems.append(f"{name}: the plugin's content (class bs-page) is missing")
    if missing := sorted(parts.body_classes - defined):
        problems.append(f"{name}: classes not in the plugin's stylesheet: {missing}")
    return problems


@pytest.mark.django_db
def test_every_plugin_page_type_renders_in_the_base_template_the_setting_names(client, home_page):
    defined = classes_in_the_stylesheet()
    problems = []
    with override_settings(
        TEMPLATES=templates_with(HOST_TEMPLATES), BOLIGSOCIAL_BASE_TEMPLATE="wagtail_host/base.html"
    ):
        for plugin_page in PLUGIN_PAGES:
            path = plugin_page.build(home_page)
            response = client.get(path)
            if response.status_code != plugin_page.status:
                problems.append(f"{plugin_page.name} ({path}): HTTP {response.status_code}")
                continue
            problems += problems_in_host_page(f"{plugin_page.name} ({path})", response.content.decode(), defined)

    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_without_the_setting_the_plugin_renders_in_the_hosts_own_base_html(client, home_page):
    """The default: a host's templates folder holds its base.html, and the plugin needs no setting."""
    defined = classes_in_the_stylesheet()
    walk_report = next(plugin_page for plugin_page in PLUGIN_PAGES if plugin_page.name == "walk report")
    with override_settings(TEMPLATES=templates_with(HOST_TEMPLATES / "wagtail_host")):
        del settings.BOLIGSOCIAL_BASE_TEMPLATE  # may be set by the site; absent in a fresh host
        walk_html = client.get(walk_report.build(home_page)).content.decode()
        # The lock-out page is axes' answer to too many wrong passwords, not a Wagtail page.
        with translation.override("da"):
            locked_out_html = render_to_string("estates/locked_out.html", request=RequestFactory().get("/admin/login/"))

    problems = problems_in_host_page("walk report", walk_html, defined)
    problems += problems_in_host_page("locked-out page", locked_out_html, defined)
    assert not problems, "\n".join(problems)
    assert "For mange forsøg" in locked_out_html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_a_bare_host_a_phone_shows_no_screen_reader_text_a_full_width_progress_bar_and_no_sideways_scroll(
    phone_page, home_page
):
    paths = [(plugin_page.name, plugin_page.build(home_page)) for plugin_page in PLUGIN_PAGES]
    problems, hidden_seen, bars_seen = [], 0, 0
    with override_settings(
        TEMPLATES=templates_with(HOST_TEMPLATES), BOLIGSOCIAL_BASE_TEMPLATE="wagtail_host/base.html"
    ):
        for name, path in paths:
            phone_page.goto(path)
            rules = phone_page.evaluate(
                """(href) => [...document.styleSheets].filter(s => s.href && s.href.endsWith(href))
                                .map(s => s.cssRules.length)""",
                PLUGIN_STYLESHEET_URL,
            )
            if not rules or not rules[0]:
                problems.append(f"{name}: the plugin's stylesheet did not load ({rules})")
            hidden = phone_page.evaluate(
                """() => [...document.querySelectorAll('.bs-visually-hidden')].map(el => {
                       const box = el.getBoundingClientRect();
                       return {text: el.textContent, width: box.width, height: box.height};
                   })"""
            )
            hidden_seen += len(hidden)
            on_screen = [el for el in hidden if el["width"] > 1 or el["height"] > 1]
            problems += [f"{name}: screen-reader text on screen: {el}" for el in on_screen]
            bars = phone_page.evaluate(
                """() => [...document.querySelectorAll('progress.bs-progress')].map(el =>
                       [el.getBoundingClientRect().width, el.parentElement.getBoundingClientRect().width])"""
            )
            bars_seen += len(bars)
            problems += [f"{name}: the progress bar is {bar}px wide in {box}px" for bar, box in bars if bar < box * 0.9]
            try:
                assert_fits_the_screen(phone_page)
            except AssertionError as error:
                problems.append(f"{name}: {error}")

    assert not problems, "\n".join(problems)
    assert hidden_seen and bars_seen, "no screen-reader text or progress bar was checked"
