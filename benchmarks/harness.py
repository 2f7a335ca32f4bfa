"""The measuring half of the benchmarks: a throwaway database, a site, and query counts and timings per target.

Topic modules (`bench_<topic>.py`) import nothing from here; `run.py` wires them to these functions.

A target is `(label, path, username)` and an extra `(label, callable)`; either may end with a dict of options
(see `Options`): the same target at a larger size (`larger`, and `sizes` to name both), so the table shows how
its cost grows; and its goal (`goal`: at most so many times the plain page, or `reference`: the label of another
extra of the topic it is compared with instead, or `max_ms`).

How a ratio is measured (`Baseline`): each target is timed in rounds beside a plain Wagtail page, and a round's
ratio is the target's time per request over the plain page's time per request in that round; the row's ratio is the
median of the rounds' ratios and its spread half their interquartile range (as a fraction of the median). A single
request of 0.5 ms (a page from the page cache) is mostly timer and scheduler noise, and a single plain request of 12
ms beside a target of 880 ms samples the machine for a sliver of the target's time: both made rounds disagree by
11-22%. So each side of a round is a batch of consecutive requests, timed as one and divided by its size, both
lasting about as long as the slower single request and at least MIN_PLAIN_BATCH plain requests (`batch_sizes`): 70
cached-page requests beside 3 plain requests, or one 880 ms request between two halves of 16 plain requests. What is
measured does not change (one request of the target over one request of the plain page, same warm-ups, same
clients); only how many requests each timing spans. A batch's requests follow each other, so the processor's caches
are as warm as they are for a page hit again and again. The sizes are chosen from the untimed warm-ups (and one
untimed batch of a fast target), before the first timed round, so they cannot bias the ratios. Query counts still
come from exactly one request. Batches also keep the ratio from depending on how busy the machine is: timed alone, a
0.5 ms request mostly slips between another process's time slices while a plain request does not, so on a machine at
load 8 the cached pages came out at 0.01x, against 0.04x in batches there and 0.04x on a quiet machine.

When the first block of rounds has a spread above TARGET_SPREAD, a row whose target side is short enough is timed
again with larger batches (`larger_batches`: a ratio of batch means scatters about 1/sqrt(size) as much; the first
block only chose the sizes and is set aside, so every reported round has the same design); more rounds then
(`rounds_to_take`) are taken in blocks while the spread is above the target, up to MAX_ROUNDS_FACTOR times the asked
number, and the spread is looked at only between blocks. More rounds help against a passing disturbance, larger
batches against a target whose own time varies. A row still above then is marked so in the table, and the summary
says whether the target's own time or the plain page's varied.

Each timed request starts at another depth of the interpreter's frame stack (`stack_offset`): on Python 3.11 the same
request costs up to half as much again at a few depths than at the rest (STACK_CYCLE says why), so requests that all
start at one depth would give a row that depth's cost, by chance; spread over the depths, the ratio is the usual
cost.
"""

import logging
import math
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
# Each side of a round (a batch of the target's requests, a batch of the plain page's) lasts at least as long as
# this many plain requests, so one slow request (a scheduler tick, another process) weighs on a round's ratio
# no more than on a slow target's; counted in plain requests, the rounds are alike on a quiet or a busy machine.
MIN_PLAIN_BATCH = 3
MAX_TARGET_BATCH = 100  # a target of 0.3 ms: 100 requests per round
MAX_PLAIN_BATCH = 16  # beside a target of a second: 16 plain requests (~190 ms) per round
# A row whose first block of rounds is above TARGET_SPREAD is timed again with batches up to this many times as
# large (the first block set aside), while the target's side of a round stays within MAX_SCALED_SIDE_MS: a sweep of
# half a second whose own time varies with the depth it starts at and with the heap's collections (550-980 ms, one
# run to the next) is timed three or four at a time, at as many depths, where one per round spread ±24% (±3-8%).
MAX_BATCH_SCALE = 4
MAX_SCALED_SIDE_MS = 2500.0
# CPython 3.11 keeps its frames in 16 KB chunks, and a call that crosses from one chunk into the next allocates the
# next chunk and frees it on return (CPython gh-142183, fixed upstream in 2026, backported to 3.13, not 3.11): a
# request whose hot calls sit just at a boundary pays that in every call. Where the boundary falls depends only on how
# deep the request starts, so the same request measured 25-29 ms at most depths and 34-40 ms at a few (the staff's
# overdue findings list; 140 frames of `at_stack_offset` make one chunk). A harness that always starts at the same
# depth reports one of those by chance: the first version put the admin lists 20% above what the same code costs at
# other depths. So each timed request starts at the next depth (`stack_offset`: a step of 37 frames, prime to the
# cycle), on both sides of a round: a batch of requests is the mean over depths, successive rounds of one request go
# through them, and the median of the rounds' ratios is the cost at a typical depth. Going 70 frames deeper (the
# average) costs about 2.5 microseconds a request.
STACK_CYCLE = 140
STACK_STEP = 37
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
    batches: tuple[int, int] = (1, 1)  # requests per round: the target's and the plain page's
    own_spread: float | None = None  # the spread of the target's own times (per request, round by round)
    plain_spread: float | None = None  # the same for the plain page timed beside it
    pilot: tuple | None = None  # (target batch, plain batch, rounds, spread) of a first block set aside

    @property
    def ok(self) -> bool:
        return self.status is None or self.status == 200

    @property
    def spread_met(self) -> bool:
        return self.spread is None or self.spread <= TARGET_SPREAD

    def spread_cell(self) -> str:
        """The spread, saying so when even the most rounds (MAX_ROUNDS_FACTOR times) left it above the target."""
        if self.spread is None:
            return ""
        if self.spread_met:
            return f"±{self.spread:.0%}"
        return f"±{self.spread:.1%} (above {TARGET_SPREAD:.0%} after {self.rounds} rounds)"


@dataclass
class Options:
    """What a target or extra may add as its last element (a dict with these keys)."""

    larger: object = None  # the path (target) or callable (extra) of the same thing at a larger size
    sizes: str = ""
    goal: float | None = None  # at most this many times the plain page (targets have a default)
    reference: str | None = None  # compare with this extra of the same topic instead of the plain page
    plain_goal: float | None = None  # with a reference: also at most this many times the plain page
    max_ms: float | None = None  # at most this median, in milliseconds
    floor: bool = False  # a reference to read other rows against (what Wagtail alone costs): no goal of its own
    # A screen issue #18 sets no goal for (its 3x is for the admin's lists): an edit form, read beside Wagtail's own
    # edit form (a floor row), with no goal of its own.
    no_goal: bool = False

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
    if options.floor or options.no_goal:
        return
    if options.reference and options.goal and options.reference in by_label:
        reference = by_label[options.reference]
        measurement.goal = f"≤ {options.goal:g}× {options.reference}"
        measurement.goal_met = measurement.median_ms <= options.goal * reference.median_ms
        if options.plain_goal is not None:
            measurement.goal += f", ≤ {options.plain_goal:g}× the plain page"
            measurement.goal_met &= measurement.ratio is not None and measurement.ratio <= options.plain_goal
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


def _elapsed_ms(work: Callable[[], object], times: int = 1, first: int | None = None) -> float:
    """Milliseconds for `times` consecutive calls of `work`, timed as one; with `first`, call k starts
    `stack_offset(first + k)` frames deeper (a batch of requests spread over the depths)."""
    started = time.perf_counter()
    if first is None:
        for _ in range(times):
            work()
    else:
        for k in range(first, first + times):
            at_stack_offset(stack_offset(k), work)
    return (time.perf_counter() - started) * 1000


def stack_offset(index: int) -> int:
    """How many frames deeper the `index`-th timed request of a side starts: successive ones spread over one chunk
    of the frame stack."""
    return index * STACK_STEP % STACK_CYCLE


def at_stack_offset(levels: int, work: Callable[[], object]):
    """`work()`, called `levels` small frames deeper than here."""
    return work() if levels == 0 else at_stack_offset(levels - 1, work)


def ratio_spread(ratios: list[float]) -> tuple[float, float]:
    """The median of the per-round ratios, and half their interquartile range as a fraction of that median."""
    median = statistics.median(ratios)
    if len(ratios) < 4:
        return median, 0.0
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return median, (q3 - q1) / 2 / median if median else 0.0


def batch_sizes(target_ms: float, plain_ms: float) -> tuple[int, int]:
    """How many consecutive requests of the target and of the plain page one round times (each side as one batch).

    Both sides of a round last about as long as the slower of the two single requests, and at least MIN_PLAIN_BATCH
    plain requests: a target much faster than the plain page is repeated (at most MAX_TARGET_BATCH times), the plain
    page beside a slow target likewise (at most MAX_PLAIN_BATCH times, which bounds the extra time a slow
    row costs). `target_ms` and `plain_ms` are estimates from untimed warm-ups: the sizes are fixed before the
    first timed round, so they cannot bias the ratios.
    """
    side = max(target_ms, MIN_PLAIN_BATCH * plain_ms)

    def times(one_ms: float, limit: int) -> int:
        return max(1, min(limit, round(side / one_ms))) if one_ms > 0 else limit

    return times(target_ms, MAX_TARGET_BATCH), times(plain_ms, MAX_PLAIN_BATCH)


def round_ratio(target_batch_ms: float, target_batch: int, plain_batch_ms: float, plain_batch: int) -> float:
    """One round's ratio: the target's time per request over the plain page's time per request, both per batch."""
    return (target_batch_ms / target_batch) / (plain_batch_ms / plain_batch)


def rounds_to_take(ratios: list[float], runs: int, target_spread: float = TARGET_SPREAD) -> int:
    """How many more rounds to time: `runs` first; then, while the spread is above `target_spread`, another block
    of a third of `runs`, up to MAX_ROUNDS_FACTOR times `runs` in all; 0 when done.

    The spread is looked at only at the end of a block (not after every round, which would stop on the first
    lucky dip below the target and so report a spread lower than the row's). Extra rounds help against a
    passing disturbance (a few rounds slowed by another process end up outside the quartiles); they do not make
    a target whose own time varies steadier, and such a row stays marked as above the target.
    """
    if len(ratios) < runs:
        return runs - len(ratios)
    limit = runs * MAX_ROUNDS_FACTOR
    if len(ratios) >= limit or ratio_spread(ratios)[1] <= target_spread:
        return 0
    return min(max(1, runs // 3), limit - len(ratios))


def larger_batches(spread: float, target_batch: int, plain_batch: int, target_ms: float) -> tuple[int, int] | None:
    """After a first block of rounds with a spread above TARGET_SPREAD: both batches made larger, or None.

    A ratio of two batch means scatters about 1/sqrt(batch size) as much as one of single requests, so the sizes
    grow by (spread / TARGET_SPREAD)², at most MAX_BATCH_SCALE times and as far as the target's side stays
    within MAX_SCALED_SIDE_MS (a target too slow to be timed even twice gets more rounds instead).
    """
    fits = math.floor(MAX_SCALED_SIDE_MS / (target_batch * target_ms)) if target_ms > 0 else MAX_BATCH_SCALE
    scale = min(MAX_BATCH_SCALE, math.ceil((spread / TARGET_SPREAD) ** 2), fits)
    if scale < 2:
        return None
    return target_batch * scale, plain_batch * scale


def relative_spread(values: list[float]) -> float:
    """Half the interquartile range of `values` as a fraction of their median (0.0 with fewer than four)."""
    return ratio_spread(values)[1] if values else 0.0


class Baseline:
    """The plain Wagtail page, timed in alternation with every target, round by round.

    A round times a batch of the target's requests and a batch of the plain page's back to back, both lasting about
    as long as the slower single request (and at least MIN_PLAIN_BATCH plain requests; `batch_sizes`): a target that
    takes 0.5 ms is timed 70 requests at a time beside 3 of the plain page (12 ms); beside a target of 880 ms the
    plain page is timed 16 requests at a time, half of them before the target and half after it. Each side is
    divided by its number of requests, so the ratio is still one target request over one plain request, and a
    machine that gets busier for a moment slows both sides of a round alike. An odd plain batch puts its extra
    request before the target in every other round. The ratio reported is the median of the rounds' ratios, with its
    spread (`rounds_to_take` says when more rounds are timed). Query counts come from one request.
    """

    def __init__(self, client, *, runs: int, warmups: int, target_spread: float = TARGET_SPREAD):
        self.runs = runs
        self.warmups = warmups
        self.target_spread = target_spread
        # Never from the page cache, also while a target's cached row is measured: an Authorization header makes
        # estates.cache_middleware pass the request by, so every ratio is to the plain page rendered.
        self._get = lambda: _read(client.get(BASELINE_PATH, HTTP_AUTHORIZATION="Bench plain-page"))
        self._warmup_ms = [_elapsed_ms(self._get) for _ in range(max(1, warmups))]
        self.queries, self.status = count_queries(self._get)
        self.timings: list[float] = []  # the plain page's time per request, one value per round

    def plain_ms(self) -> float:
        """The plain page's usual time so far (its warm-ups until rounds have been timed)."""
        return statistics.median(self.timings[-200:] or self._warmup_ms)

    def measure(self, label: str, work: Callable[[], object], *, status_of=lambda result: result) -> Measurement:
        warmup_ms = [_elapsed_ms(work) for _ in range(max(1, self.warmups))]
        queries, result = count_queries(work)
        # The fastest warm-up: the first may have filled a cache, any may have been slowed by another process.
        target_batch, plain_batch = batch_sizes(min(warmup_ms), self.plain_ms())
        if target_batch > 1:
            # A fast target: one untimed batch says its time per request better than single warm-ups did.
            target_batch, plain_batch = batch_sizes(_elapsed_ms(work, target_batch) / target_batch, self.plain_ms())
        target_ms, plain_ms, ratios = [], [], []
        pilot = None
        while more := rounds_to_take(ratios, self.runs, self.target_spread):
            if len(ratios) == self.runs and pilot is None:
                bigger = larger_batches(
                    ratio_spread(ratios)[1], target_batch, plain_batch, statistics.median(target_ms)
                )
                if bigger:
                    # The first block was a pilot: its rounds chose the larger batches and are set aside.
                    pilot = (target_batch, plain_batch, len(ratios), ratio_spread(ratios)[1])
                    target_batch, plain_batch = bigger
                    target_ms, plain_ms, ratios = [], [], []
                    continue
            for _ in range(more):
                # Each request of the round at the next depth of the frame stack (`_round`, `stack_offset`).
                own, plain = self._round(work, target_batch, plain_batch, len(ratios))
                target_ms.append(own / target_batch)
                plain_ms.append(plain / plain_batch)
                ratios.append(round_ratio(own, target_batch, plain, plain_batch))
        self.timings.extend(plain_ms)
        ratio, spread = ratio_spread(ratios)
        return Measurement(
            label,
            queries,
            statistics.median(target_ms),
            status_of(result),
            ratio,
            spread,
            rounds=len(ratios),
            batches=(target_batch, plain_batch),
            own_spread=relative_spread(target_ms),
            plain_spread=relative_spread(plain_ms),
            pilot=pilot,
        )

    def _round(self, work, target_batch: int, plain_batch: int, index: int) -> tuple[float, float]:
        """One round's milliseconds: the target's batch, and the plain page's around it (half before, half after;
        an odd batch puts its extra request before the target in every other round)."""
        before = plain_batch // 2 + (plain_batch % 2) * (index % 2)
        first = index * plain_batch  # each request at the next depth (stack_offset), on either side
        plain = _elapsed_ms(self._get, before, first) if before else 0.0
        own = _elapsed_ms(work, target_batch, index * target_batch)
        plain += _elapsed_ms(self._get, plain_batch - before, first + before) if plain_batch > before else 0.0
        return own, plain

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
        # Its spread is in every other row's (each round's ratio has the plain page in it), not a row of its own.
        return Measurement(BASELINE_LABEL, self.queries, median, self.status, 1.0, None, rounds=len(self.timings))


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
            spread = m.spread_cell()
            growth = f"{m.growth:.2f}× ({m.sizes})" if m.growth is not None else ""
            goal = f"{m.goal} {'met' if m.goal_met else 'NOT met'}" if m.goal else ""
            lines.append(f"| {label} | {m.queries} | {m.median_ms:.1f} | {ratio} | {spread} | {growth} | {goal} |")
    return "\n".join(lines)


def goals_summary(rows: list[tuple[str, list[Measurement]]]) -> str:
    checked = [(topic, m) for topic, measurements in rows for m in measurements if m.goal]
    missed = [f"{topic}: {m.label}" for topic, m in checked if not m.goal_met]
    spreads = [(topic, m) for topic, measurements in rows for m in measurements if not m.spread_met]
    line = f"Goals: {len(checked) - len(missed)} of {len(checked)} met"
    line += f"; not met: {'; '.join(missed)}." if missed else "."
    line += f" Spreads above {TARGET_SPREAD:.0%}: {len(spreads)}"
    line += f" ({'; '.join(spread_note(topic, m) for topic, m in spreads)})." if spreads else "."
    return line


def spread_note(topic: str, m: Measurement) -> str:
    """Where a spread above the target comes from: the target's own time per request or the plain page's."""
    note = f"{topic}: {m.label} ±{m.spread:.1%}"
    if m.own_spread is not None and m.plain_spread is not None:
        note += f", its own time ±{m.own_spread:.0%}, the plain page's ±{m.plain_spread:.0%}"
    return note


def machine() -> str:
    """The processor's name, its number of CPUs and the load average when the run began."""
    name = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        name = found.group(1).strip() if found else ""
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{name or 'unknown processor'} ({os.cpu_count()} CPUs{load})"


def database_sizes() -> str:
    """What the shared database holds while the targets are measured: every topic seeds the same database, as one
    installation holds every programme, so a row's neighbours (other topics' rows) are counted here."""
    from community.models import ActivityPage
    from community.models.occurrences import StoredOccurrence
    from estates.models import SentReminder
    from mediation.models import Case
    from safety_walks.models import Finding, Responsibility, WalkPage

    counts = [
        (WalkPage.objects.count(), "walks"),
        (Finding.objects.count(), "findings"),
        (Responsibility.objects.count(), "responsibilities"),
        (ActivityPage.objects.count(), "activities"),
        (StoredOccurrence.objects.count(), "stored occurrences"),
        (Case.objects.count(), "mediation cases"),
        (SentReminder.objects.count(), "sent reminders"),
    ]
    return ", ".join(f"{count:,} {name}" for count, name in counts)


def workdir():
    return tempfile.TemporaryDirectory(prefix="boligsocial-bench-")
