"""Crawl the demo site from `/` like a resident clicking every link: nothing broken, every page well formed."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
# Calendars link to the next day and month forever: crawl a few URLs of each shape (digits masked).
PER_SHAPE = 5
SAME_SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
NOT_CRAWLED = ("/admin/", "/media/", "/django-admin/")


class PageOutline(HTMLParser):
    """What the crawl checks in a page: its links, title, `<html lang>` and `<h1>` count."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.lang = None
        self.title = ""
        self.h1_count = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def same_site_path(href: str, base: str) -> str | None:
    """The path (with query) to crawl for a link on the page at `base`, or None when it leaves the site."""
    url = urlsplit(urljoin(f"http://testserver{base}", href.strip()))
    if url.scheme not in {"http", "https"} or url.hostname not in SAME_SITE_HOSTS | {None}:
        return None  # mailto:, tel:, webcal:, other sites
    if url.path.startswith(NOT_CRAWLED):
        return None
    return urlunsplit(("", "", url.path or "/", url.query, ""))


def crawl(client, start: str = "/", within: str = "/") -> tuple[dict[str, int], list[str]]:
    """Visit every same-site page under `within` (one language's addresses) reachable from `start`; returns each
    URL's status and the problems found. The language switch's links are tested with the header, not here."""
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {start: "(start)"}
    shapes: Counter[str] = Counter()
    problems: list[str] = []
    queue = deque([start])
    while queue and len(statuses) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        statuses[path] = response.status_code
        where = f"{path} (linked from {found_on[path]})"
        if response.status_code in {301, 302, 303, 307, 308}:
            links = [response["Location"]]
        elif response.status_code != 200:
            problems.append(f"{where}: HTTP {response.status_code}")
            continue
        elif not response.get("Content-Type", "").startswith("text/html"):
            continue  # iCalendar feeds, documents: fetched (so a broken one is caught), not parsed
        else:
            outline = PageOutline()
            outline.feed(response.content.decode(response.charset or "utf-8"))
            if not outline.title.strip():
                problems.append(f"{where}: no <title>")
            if not outline.lang:
                problems.append(f"{where}: no <html lang>")
            if outline.h1_count != 1:
                problems.append(f"{where}: {outline.h1_count} <h1> elements, not one")
            links = outline.links
        for href in links:
            target = same_site_path(href, path)
            if target is None or target in found_on or not target.startswith(within) or "/boligsocial/sprog/" in target:
                continue
            shape = re.sub(r"\d+", "N", target)
            if shapes[shape] < PER_SHAPE:
                shapes[shape] += 1
                found_on[target] = path
                queue.append(target)
    return statuses, problems


def test_every_page_a_resident_can_reach_from_the_home_page_works_and_is_well_formed():
    call_command("load_demo", stdout=io.StringIO())
    # A 500 becomes a line in the report (its traceback is in the captured log), and the crawl goes on.
    client = Client(raise_request_exception=False)

    for language in ("da", "ar"):  # the source, and a translated language read right to left
        statuses, problems = (
            crawl(client, start="/", within=f"/{language}/")
            if language == "da"
            else crawl(client, start=f"/{language}/", within=f"/{language}/")
        )

        assert not problems, f"The crawl of /{language}/ found problems:\n" + "\n".join(problems)
        assert statuses[f"/{language}/"] == 200
        assert len(statuses) > 3, f"The crawl only reached {sorted(statuses)}"
        assert len(statuses) < MAX_PAGES, f"The crawl stopped at {MAX_PAGES} pages: do links generate endless URLs?"
    assert client.get("/").status_code == 302  # the bare address goes to the visitor's language


def test_crawler_reports_broken_links_and_malformed_pages(client, home_page):
    """The crawler itself can fail: a page with a broken link and two <h1> elements is reported."""
    from tests.builders import make_area

    make_area(name="Nordparken", slug="nordparken", description="")
    home_page.intro = '<h1>En overskrift for meget</h1><p><a href="/da/findes-ikke/">Død henvisning</a></p>'
    home_page.save_revision().publish()

    statuses, problems = crawl(client, start="/da/")

    assert statuses["/da/findes-ikke/"] == 404
    assert "/da/findes-ikke/ (linked from /da/): HTTP 404" in problems
    assert "/da/ (linked from (start)): 2 <h1> elements, not one" in problems
    assert "/da/omraade/nordparken/" in statuses
