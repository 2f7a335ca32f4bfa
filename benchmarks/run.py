"""`make bench`: seed scale data on a throwaway database, then print query counts and time ratios per target.

Every `benchmarks/bench_<topic>.py` defines `seed()`, `targets()` -> [(label, path, username or None)]
and optionally `extras()` -> [(label, callable)]; each may end with a dict of options (harness.Options: the
same target at a larger size, a goal). Each target is fetched with Django's test client: its query count (of
one request after --warmups untimed ones), and --runs rounds (more, in blocks up to 4 times, while the spread
is above 10%) that each time the target and a plain Wagtail page (a bare wagtail.models.Page in the site's
layout) back to back, each side a batch of consecutive requests lasting about as long as the slower single
request (harness.batch_sizes): the ratio printed is the median of the rounds' ratios (time per request over
time per request), with its spread.

Public pages are measured with the page cache off ("uncached"), and again served from it ("from the page
cache"); the plain page is always uncached. Goals are checked (public pages and API within 2x the plain page,
admin within 3x, and what topics declare) and summed up in the last line.
The table is printed and, on a full run, written to benchmarks/latest.md.

    python benchmarks/run.py [--only TOPIC ...] [--runs 15] [--warmups 3] [--forms-without-csrf]

The database is a SQLite file in a temporary folder, or `bench_<name>` on the server DATABASE_URL names.
"""

import argparse
import datetime
import importlib
import platform
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import harness  # noqa: E402


def discover(only: list[str] | None) -> list[tuple[str, object]]:
    names = sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            sys.exit(f"Unknown topic(s) {', '.join(unknown)}; there are: {', '.join(names)}")
        names = [name for name in names if name in only]
    return [(name, importlib.import_module(f"bench_{name}")) for name in names]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="TOPIC", help="measure only these topics (bench_<topic>.py)")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per target (default 15)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument(
        "--forms-without-csrf",
        action="store_true",
        help="serve the footer's language switch and the follow form without a CSRF token (so pages can be cached)",
    )
    args = parser.parse_args(argv)

    with harness.workdir() as tmp:
        engine = harness.set_up_django(Path(tmp), forms_without_csrf=args.forms_without_csrf)
        topics = discover(args.only)
        old_config = harness.create_database()
        try:
            return run(topics, args, engine)
        finally:
            harness.destroy_database(old_config)


def run(topics, args, engine: str) -> int:
    machine = harness.machine()
    harness.create_site()
    for name, module in topics:
        started = time.perf_counter()
        module.seed()
        print(f"seeded {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    sizes = harness.database_sizes()
    clients = harness.Clients()
    plain_page = harness.Baseline(clients.for_user(None), runs=args.runs, warmups=args.warmups)
    rows = []
    for name, module in topics:
        started = time.perf_counter()
        rows.append((name, measured := measure_topic(module, plain_page, clients)))
        print(f"measured {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        for m in measured:
            print(f"  {m.label}: {rounding(m)}", file=sys.stderr)

    all_rows = [("", [plain_page.measurement()]), *rows]
    table = harness.markdown_table(all_rows)
    summary = harness.goals_summary(rows)
    heading = (
        f"Benchmarks of {datetime.date.today():%Y-%m-%d} on {engine}, Python {platform.python_version()}, "
        f"{platform.machine()}, {machine}: each target and a plain Wagtail page (a bare "
        f"wagtail.models.Page in the site's layout, uncached) timed in alternation, at least {args.runs} rounds "
        f"after {args.warmups} warm-ups (more, up to {harness.MAX_ROUNDS_FACTOR}×, while the spread is above "
        f"{harness.TARGET_SPREAD:.0%}); each side of a round is a batch of consecutive requests lasting about as "
        f"long as the slower single request and at least {harness.MIN_PLAIN_BATCH} plain requests (a cached "
        f"page: up to {harness.MAX_TARGET_BATCH} requests; the plain page beside a slow target: up to "
        f"{harness.MAX_PLAIN_BATCH}), divided by its size, each request {harness.STACK_STEP} frames deeper than the "
        f"last (modulo {harness.STACK_CYCLE}: one chunk of Python 3.11's frame stack), and a row whose first "
        f"{args.runs} rounds spread more is timed again in batches up to {harness.MAX_BATCH_SCALE}× as large (a "
        f"side up to {harness.MAX_SCALED_SIDE_MS / 1000:g} s); the ratio is the median of the rounds' "
        "ratios, the spread half their interquartile range; growth is the ratio at the larger size over the ratio "
        "at the smaller. The topics of a run seed one database, as one installation holds every programme; while the "
        f"targets were measured it held {sizes}."
    )
    if args.forms_without_csrf:
        heading += " The footer's language switch and the follow form were served without a CSRF token."
    print(f"{heading}\n\n{table}\n\n{summary}")
    if not args.only:
        (BENCH_DIR / "latest.md").write_text(f"{heading}\n\n{table}\n\n{summary}\n", encoding="utf-8")
    failed = [m for _, measurements in rows for m in measurements if not m.ok]
    if failed:
        print(f"\n{len(failed)} target(s) did not answer 200: {', '.join(m.label for m in failed)}", file=sys.stderr)
        return 1
    return 0


def rounding(m) -> str:
    """How a row was timed: requests per round, rounds, and the spreads of its ratio and of both sides' times."""
    target, plain = m.batches
    line = (
        f"{target} request(s) beside {plain} of the plain page per round, {m.rounds} rounds; ratio ±{m.spread:.1%}"
        f" (its own time ±{m.own_spread:.0%}, the plain page's ±{m.plain_spread:.0%})"
    )
    if m.pilot:
        line += f"; a first block of {m.pilot[2]} rounds of {m.pilot[0]} beside {m.pilot[1]} was ±{m.pilot[3]:.1%}"
    return line


def measure_topic(module, plain_page, clients) -> list:
    measurements, cached = [], []
    for target in module.targets():
        label, path, username = target[:3]
        options = harness.Options.of(target, 3)
        client = clients.for_user(username)
        cacheable = username is None and page_cache_serves(client, path)
        measurement = plain_page.measure_url(f"{label}, uncached" if cacheable else label, client, path)
        if options.larger:
            larger = plain_page.measure_url(label, client, options.larger)
            plain_page.measure_growth(measurement, larger, options.sizes)
        harness.check_goal(measurement, options, harness.default_goal(path, username), {})
        measurements.append(measurement)
        if cacheable:
            with page_cache_on():
                hit = plain_page.measure_url(f"{label}, from the page cache", client, path)
            harness.check_goal(hit, options, harness.default_goal(path, username), {})
            cached.append(hit)
    by_label = {}
    for extra in getattr(module, "extras", lambda: [])():
        label, work = extra[:2]
        options = harness.Options.of(extra, 2)
        measurement = plain_page.measure_callable(label, work)
        if options.larger:
            plain_page.measure_growth(measurement, plain_page.measure_callable(label, options.larger), options.sizes)
        harness.check_goal(measurement, options, None, by_label)
        by_label[label] = measurement
        measurements.append(measurement)
    return measurements + cached


class page_cache_on:  # noqa: N801  (a context manager)
    """The embedded page cache switched on, in the process's local memory, emptied first."""

    def __enter__(self):
        from django.conf import settings  # noqa: PLC0415
        from django.core.cache import caches  # noqa: PLC0415

        self._saved = settings.BOLIGSOCIAL_PAGE_CACHE_SECONDS, settings.BOLIGSOCIAL_PAGE_CACHE_ALIAS
        settings.BOLIGSOCIAL_PAGE_CACHE_SECONDS, settings.BOLIGSOCIAL_PAGE_CACHE_ALIAS = 600, "default"
        caches["default"].clear()

    def __exit__(self, *exc):
        from django.conf import settings  # noqa: PLC0415

        settings.BOLIGSOCIAL_PAGE_CACHE_SECONDS, settings.BOLIGSOCIAL_PAGE_CACHE_ALIAS = self._saved


def page_cache_serves(client, path: str) -> bool:
    """Whether the page cache keeps this page (a page with a CSRF token, an API answer, a search are not kept)."""
    from estates.cache_middleware import HEADER  # noqa: PLC0415

    with page_cache_on():
        client.get(path)
        return client.get(path).get(HEADER) == "hit"


if __name__ == "__main__":
    sys.exit(main())
