"""`make bench`: seed scale data on a throwaway database, then print query counts and time ratios per target.

Every `benchmarks/bench_<topic>.py` defines `seed()`, `targets()` -> [(label, path, username or None)]
and optionally `extras()` -> [(label, callable)]. Each target is fetched with Django's test client: its
query count (of one request after --warmups untimed ones), and --runs rounds that each time the target and a
plain Wagtail page (a bare wagtail.models.Page in the site's layout) back to back: the ratio printed is the
median of the rounds' ratios, with its spread.
The table is printed and, on a full run, written to benchmarks/latest.md.

    python benchmarks/run.py [--only TOPIC ...] [--runs 15] [--warmups 3]

The database is a SQLite file in a temporary folder, or `bench_<name>` on the server DATABASE_URL names.
"""

import argparse
import datetime
import importlib
import os
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
    args = parser.parse_args(argv)

    with harness.workdir() as tmp:
        engine = harness.set_up_django(Path(tmp))
        topics = discover(args.only)
        old_config = harness.create_database()
        try:
            return run(topics, args, engine)
        finally:
            harness.destroy_database(old_config)


def run(topics, args, engine: str) -> int:
    harness.create_site()
    for name, module in topics:
        started = time.perf_counter()
        module.seed()
        print(f"seeded {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    clients = harness.Clients()
    plain_page = harness.Baseline(clients.for_user(None), runs=args.runs, warmups=args.warmups)
    rows = []
    for name, module in topics:
        measurements = [
            plain_page.measure_url(label, clients.for_user(username), path)
            for label, path, username in module.targets()
        ]
        extras = getattr(module, "extras", lambda: [])()
        measurements += [plain_page.measure_callable(label, work) for label, work in extras]
        rows.append((name, measurements))

    table = harness.markdown_table([("", [plain_page.measurement()]), *rows])
    heading = (
        f"Benchmarks of {datetime.date.today():%Y-%m-%d} on {engine}, Python {platform.python_version()}, "
        f"{platform.machine()} with {os.cpu_count()} CPUs: each target and a plain Wagtail page (a bare "
        f"wagtail.models.Page in the site's layout) timed in alternation, request by request, {args.runs} rounds "
        f"after {args.warmups} warm-ups; the ratio is the median of the rounds' ratios, the spread half their "
        "interquartile range."
    )
    print(f"{heading}\n\n{table}")
    if not args.only:
        (BENCH_DIR / "latest.md").write_text(f"{heading}\n\n{table}\n", encoding="utf-8")
    failed = [m for _, measurements in rows for m in measurements if not m.ok]
    if failed:
        print(f"\n{len(failed)} target(s) did not answer 200: {', '.join(m.label for m in failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
