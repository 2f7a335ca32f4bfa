"""The measuring half of the benchmarks: a throwaway database, a site, and query counts and timings per target.

Topic modules (`bench_<topic>.py`) import nothing from here; `run.py` wires them to these functions.

A target is `(label, path, username)` and an extra `(label, callable)`; either may end with a dict of options
(see `Options`): the same target at a larger size (`larger`, and `sizes` to name both), so the table shows how
its cost grows; and its goal (`goal`: at most so many times the plain page, or `reference`: the label of another
extra of the topic it is compared with instead, or `max_ms`).
"""

import logging
import os
import re
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A ratio whose spread is above this gets more rounds, up to MAX_ROUNDS_FACTOR times the asked number.
TARGET_SPREAD = 0.10
MAX_ROUNDS_FACTOR = 4
# Goals of issue #18, as multiples of the plain page: public pages and API endpoints, and what logged-in staff
# and partners open in the admin.
PUBLIC_GOAL = 2.0
ADMIN_GOAL = 3.0
# The templates that put a visitor's CSRF token on public pages (a page with one is never cached).
TOKEN_TEMPLATES = ["templates/includes/footer.html", "safety_walks/templates/safety_walks/following/form_fields.html"]
CSRF_TAG = re.compile(r"\{%\s*csrf_token\s*%\}")

# The ratio's denominator: a bare `wagtail.models.Page` (no fields, no sections) in the site's own layout
# (header with the area navigation, footer with the team's contact details), served like any other page.
BASELINE_LABEL = "Plain Wagtail page (baseline)"
BASELINE_PATH = "/da/almindelig-side/"
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
    rounds: int = 0
    growth: float | None = None  # the larger size's ratio divided by this size's
    sizes: str = ""  # "300 → 1,000 findings"
    goal: str = ""  # "≤ 2×", "≤ 1.5× icalendar library", "≤ 2,000 ms"
    goal_met: bool | None = None

    @property
    def ok(self) -> bool:
        return self.status is None or self.status == 200


@dataclass
class Options:
    """What a target or extra may add as its last element (a dict with these keys)."""

    larger: object = None  # the path (target) or callable (extra) of the same thing at a larger size
    sizes: str = ""
    goal: float | None = None  # at most this many times the plain page (targets have a default)
    reference: str | None = None  # compare with this extra of the same topic instead of the plain page
    max_ms: float | None = None  # at most this median, in milliseconds
    floor: bool = False  # a reference to read other rows against (what Wagtail alone costs): no goal of its own

    @classmethod
    def of(cls, item: tuple, plain_length: int) -> "Options":
        return cls(**item[plain_length]) if len(item) > plain_length else cls()


def default_goal(path: str, username: str | None) -> float | None:
    """Public pages and API endpoints: 2x the plain page; what logged-in users open in the admin: 3x."""
    if username is None:
        return PUBLIC_GOAL
    return ADMIN_GOAL if path.startswith("/admin/") else None


def check_goal(measurement: Measurement, options: Options, default: float | None, by_label: dict) -> None:
    """Set the measurement's goal and whether it is met (a reference is looked up among `by_label`)."""
    if options.floor:
        return
    if options.reference and options.goal and options.reference in by_label:
        reference = by_label[options.reference]
        measurement.goal = f"≤ {options.goal:g}× {options.reference}"
        measurement.goal_met = measurement.median_ms <= options.goal * reference.median_ms
    elif options.max_ms is not None:
        measurement.goal = f"≤ {options.max_ms:,.0f} ms"
        measurement.goal_met = measurement.median_ms <= options.max_ms
    elif (limit := options.goal or default) is not None and not options.reference:
        measurement.goal = f"≤ {limit:g}×"
        measurement.goal_met = measurement.ratio is not None and measurement.ratio <= limit


def write_templates(templates: Path, *, forms_without_csrf: bool = False) -> None:
    """The plain page's template and, with `forms_without_csrf`, the site's forms that carry a CSRF token on every
    public page without it (what the README proposes, so those pages can be cached)."""
    page = templates / "wagtailcore" / "page.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(BASELINE_TEMPLATE)
    if forms_without_csrf:
        for source in TOKEN_TEMPLATES:
            relative = Path(*Path(source).parts[1:])
            if relative.parts[0] == "templates":
                relative = Path(*relative.parts[1:])
            target = templates / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(CSRF_TAG.sub("", (ROOT / source).read_text()))


def set_up_django(workdir: Path, *, forms_without_csrf: bool = False) -> str:
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
    write_templates(workdir / "templates", forms_without_csrf=forms_without_csrf)
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
    home.add_child(instance=Page(title="Almindelig side", slug=BASELINE_PATH.strip("/").split("/")[-1]))


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

    def __init__(self, client, *, runs: int, warmups: int, target_spread: float = TARGET_SPREAD):
        self.runs = runs
        self.warmups = warmups
        self.target_spread = target_spread
        # Never from the page cache, also while a target's cached row is measured: an Authorization header makes
        # estates.cache_middleware pass the request by, so every ratio is to the plain page rendered.
        self._get = lambda: _read(client.get(BASELINE_PATH, HTTP_AUTHORIZATION="Bench plain-page"))
        for _ in range(warmups):
            self._get()
        self.queries, self.status = count_queries(self._get)
        self.timings: list[float] = []

    def measure(self, label: str, work: Callable[[], object], *, status_of=lambda result: result) -> Measurement:
        for _ in range(self.warmups):
            work()
        queries, result = count_queries(work)
        target_ms, ratios = [], []
        # More rounds while the spread is above the target (a busy machine), up to MAX_ROUNDS_FACTOR times.
        while len(ratios) < self.runs or (
            ratio_spread(ratios)[1] > self.target_spread and len(ratios) < self.runs * MAX_ROUNDS_FACTOR
        ):
            if len(ratios) % 2:
                plain, own = _elapsed_ms(self._get), _elapsed_ms(work)
            else:
                own, plain = _elapsed_ms(work), _elapsed_ms(self._get)
            target_ms.append(own)
            self.timings.append(plain)
            ratios.append(own / plain)
        ratio, spread = ratio_spread(ratios)
        return Measurement(
            label, queries, statistics.median(target_ms), status_of(result), ratio, spread, rounds=len(ratios)
        )

    def measure_url(self, label: str, client, path: str) -> Measurement:
        return self.measure(label, lambda: _read(client.get(path)))

    def measure_callable(self, label: str, work: Callable[[], object]) -> Measurement:
        return self.measure(label, work, status_of=lambda result: None)

    def measure_growth(self, measurement: Measurement, larger: Measurement, sizes: str) -> Measurement:
        """Put the larger size's ratio over this size's on `measurement` (1.0: flat; the size factor: linear)."""
        if measurement.ratio and larger.ratio:
            measurement.growth = larger.ratio / measurement.ratio
        measurement.sizes = sizes
        return measurement

    def measurement(self) -> Measurement:
        median = statistics.median(self.timings) if self.timings else float("nan")
        return Measurement(BASELINE_LABEL, self.queries, median, self.status, 1.0, 0.0, rounds=len(self.timings))


def markdown_table(rows: list[tuple[str, list[Measurement]]]) -> str:
    lines = [
        "| Target | Queries | Median ms | × plain page | spread | growth (sizes) | goal |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for topic, measurements in rows:
        for m in measurements:
            label = m.label if topic == "" else f"{topic}: {m.label}"
            if not m.ok:
                label += f" (HTTP {m.status})"
            ratio = f"{m.ratio:.{1 if m.ratio >= 1 else 2}f}×" if m.ratio is not None else ""
            spread = f"±{m.spread:.0%}" if m.spread is not None else ""
            growth = f"{m.growth:.2f}× ({m.sizes})" if m.growth is not None else ""
            goal = f"{m.goal} {'met' if m.goal_met else 'NOT met'}" if m.goal else ""
            lines.append(f"| {label} | {m.queries} | {m.median_ms:.1f} | {ratio} | {spread} | {growth} | {goal} |")
    return "\n".join(lines)


def goals_summary(rows: list[tuple[str, list[Measurement]]]) -> str:
    checked = [(topic, m) for topic, measurements in rows for m in measurements if m.goal]
    missed = [f"{topic}: {m.label}" for topic, m in checked if not m.goal_met]
    spreads = [m for _, measurements in rows for m in measurements if m.spread is not None and m.spread > TARGET_SPREAD]
    line = f"Goals: {len(checked) - len(missed)} of {len(checked)} met"
    line += f"; not met: {'; '.join(missed)}." if missed else "."
    line += f" Spreads above {TARGET_SPREAD:.0%}: {len(spreads)}."
    return line


def machine() -> str:
    """The processor's name, its number of CPUs and the load average when the run began."""
    name = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        name = found.group(1).strip() if found else ""
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{name or 'unknown processor'} ({os.cpu_count()} CPUs{load})"


def workdir():
    return tempfile.TemporaryDirectory(prefix="boligsocial-bench-")
