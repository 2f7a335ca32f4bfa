"""The measuring half of the benchmarks: a throwaway database, a site, and query counts and timings per target.

Topic modules (`bench_<topic>.py`) import nothing from here; `run.py` wires them to these functions.
"""

import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The ratio's denominator: a bare `wagtail.models.Page` (no fields, no sections) in the site's own layout
# (header with the area navigation, footer with the team's contact details), served like any other page.
BASELINE_LABEL = "Plain Wagtail page (baseline)"
BASELINE_PATH = "/almindelig-side/"
BASELINE_TEMPLATE = """{% extends "base.html" %}
{% block content %}<div class="container"><h1>{{ page.title }}</h1></div>{% endblock %}
"""


@dataclass
class Measurement:
    label: str
    queries: int
    median_ms: float
    status: int | None = None  # the HTTP status of a page or endpoint; None for extras
    ratio: float | None = None  # median of the per-round ratios to the plain page timed beside it
    spread: float | None = None  # half the interquartile range of those ratios, as a fraction of their median

    @property
    def ok(self) -> bool:
        return self.status is None or self.status == 200


def set_up_django(workdir: Path) -> str:
    """Configure Django on a database of its own: a SQLite file in `workdir`, or `bench_<name>` on DATABASE_URL."""
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    # Static files are served from the source folders here; the collected-static warning is noise.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"] = {"NAME": str(workdir / "bench.sqlite3")}
    else:
        database["TEST"] = {"NAME": f"bench_{database['NAME']}"}
    # Wagtail renders a bare Page with `wagtailcore/page.html`; give it the site's layout for a fair baseline.
    templates = workdir / "templates" / "wagtailcore"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(BASELINE_TEMPLATE)
    settings.TEMPLATES[0]["DIRS"] = [workdir / "templates", *settings.TEMPLATES[0]["DIRS"]]
    settings.MEDIA_ROOT = workdir / "media"
    django.setup()
    # Per-request log lines ("Not Found", a sweep's summary) would repeat for every timed run: the table says it.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    logging.getLogger("boligsocial").setLevel(logging.WARNING)
    return database["ENGINE"].rsplit(".", 1)[-1]


def create_database():
    """Create and migrate the benchmark database; returns what `destroy_database` needs."""
    from django.test.utils import setup_databases

    return setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=[])


def destroy_database(old_config) -> None:
    from django.test.utils import teardown_databases

    teardown_databases(old_config, verbosity=0)


def create_site() -> None:
    """A home page as the default site's root (replacing Wagtail's welcome page) and the baseline page under it."""
    from wagtail.models import Page, Site

    from home.models import HomePage

    root = Page.get_first_root_node()
    for placeholder in root.get_children().exact_type(Page):
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    home = root.add_child(instance=HomePage(title="Velkommen", slug="forside"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    home.add_child(instance=Page(title="Almindelig side", slug=BASELINE_PATH.strip("/")))


class Clients:
    """One Django test client per user, logged in once."""

    def __init__(self):
        self._clients = {}

    def for_user(self, username: str | None):
        from django.contrib.auth import get_user_model
        from django.test import Client

        if username not in self._clients:
            client = Client()
            if username is not None:
                client.force_login(get_user_model().objects.get(username=username))
            self._clients[username] = client
        return self._clients[username]


def _read(response) -> int:
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code


def count_queries(work: Callable[[], object]) -> tuple[int, object]:
    """The number of SQL statements `work` runs (an execute wrapper: CaptureQueriesContext stops at 9,000)."""
    from django.db import connection

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        result = work()
    return count, result


def _elapsed_ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def ratio_spread(ratios: list[float]) -> tuple[float, float]:
    """The median of the per-round ratios, and half their interquartile range as a fraction of that median."""
    median = statistics.median(ratios)
    if len(ratios) < 4:
        return median, 0.0
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return median, (q3 - q1) / 2 / median if median else 0.0


class Baseline:
    """The plain Wagtail page, timed in alternation with every target, request by request.

    Each round times the target and the plain page back to back (in alternating order), so a machine
    that gets busier for a moment slows both halves of a round alike; the ratio reported is the median
    of the rounds' ratios, with its spread.
    """

    def __init__(self, client, *, runs: int, warmups: int):
        self.runs = runs
        self.warmups = warmups
        self._get = lambda: _read(client.get(BASELINE_PATH))
        for _ in range(warmups):
            self._get()
        self.queries, self.status = count_queries(self._get)
        self.timings: list[float] = []

    def measure(self, label: str, work: Callable[[], object], *, status_of=lambda result: result) -> Measurement:
        for _ in range(self.warmups):
            work()
        queries, result = count_queries(work)
        target_ms, ratios = [], []
        for round_ in range(self.runs):
            if round_ % 2:
                plain, own = _elapsed_ms(self._get), _elapsed_ms(work)
            else:
                own, plain = _elapsed_ms(work), _elapsed_ms(self._get)
            target_ms.append(own)
            self.timings.append(plain)
            ratios.append(own / plain)
        ratio, spread = ratio_spread(ratios)
        return Measurement(label, queries, statistics.median(target_ms), status_of(result), ratio, spread)

    def measure_url(self, label: str, client, path: str) -> Measurement:
        return self.measure(label, lambda: _read(client.get(path)))

    def measure_callable(self, label: str, work: Callable[[], object]) -> Measurement:
        return self.measure(label, work, status_of=lambda result: None)

    def measurement(self) -> Measurement:
        median = statistics.median(self.timings) if self.timings else float("nan")
        return Measurement(BASELINE_LABEL, self.queries, median, self.status, 1.0, 0.0)


def markdown_table(rows: list[tuple[str, list[Measurement]]]) -> str:
    lines = [
        "| Target | Queries | Median ms | × plain page | spread |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for topic, measurements in rows:
        for m in measurements:
            label = m.label if topic == "" else f"{topic}: {m.label}"
            if not m.ok:
                label += f" (HTTP {m.status})"
            ratio = f"{m.ratio:.{1 if m.ratio >= 1 else 2}f}×" if m.ratio is not None else ""
            spread = f"±{m.spread:.0%}" if m.spread is not None else ""
            lines.append(f"| {label} | {m.queries} | {m.median_ms:.1f} | {ratio} | {spread} |")
    return "\n".join(lines)


def workdir():
    return tempfile.TemporaryDirectory(prefix="boligsocial-bench-")
