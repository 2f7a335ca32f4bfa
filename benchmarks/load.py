"""`make load`: every public page and API endpoint under wrk, served by gunicorn on PostgreSQL with production settings.

Seeds a database of its own (`boligsocial_load` on 127.0.0.1 unless --database-url says otherwise) with the
benchmarks' data (the plain page, 300 pages, a walk with 300 findings among 5,000, a calendar of 2,000 activities,
500 mediation cases and the statistics page; 5-10 minutes on a busy 2-CPU machine, skipped with --reuse-database),
starts gunicorn (3 sync workers: one per CPU and one more, as a small site's server would run behind a proxy that
buffers slow clients; --workers) and times the targets in rounds, as `make bench` does: each round runs the plain
Wagtail page, a target, the plain page, the next target ... for --duration seconds each (the order reversed every
other round), so each target is compared with the plain page timed right before and right after it, and its rounds
are spread over the whole run: a moment when the machine is busier slows the target and its plain runs alike, and
lands in one round of several. A round's ratio is the target's requests per second over the mean of its two plain
runs; a row gives the median ratio and its spread (half the interquartile range, as a fraction of the median).

Every ratio is to the plain page as anonymous visitors get it (from the page cache): the goal is every public page
and API endpoint at 0.8x that or better, with 0 errors (non-2xx/3xx answers and socket errors). The plain page
rendered (the page cache passed by) is timed as a reference row, what an uncached page costs. Each row says whether
the target came from the page cache (`hit`) or was rendered (`not cached`), and the server's CPU time per request
(gunicorn's workers, from /proc: unlike requests per second, it does not depend on what else the machine runs).
The heading gives the machine's load: the load average before and after, and how busy its CPUs were during the
rounds and how much of that was gunicorn's workers and wrk. Defaults (5 rounds of 2 s runs, 19 targets): about 7
minutes. On a machine busy with other work (load average 9-14 on 2 CPUs, gunicorn and wrk getting a quarter of
them), requests per second follow the share of the CPUs the server gets from moment to moment: spreads of 10-90%
(10 rounds of 1 s were no steadier: 20-120%). The CPU time per request does not: a row whose ratio misses the goal
by less than its spread while its CPU per request is within the goal is named apart in the summary.

wrk sends `Accept-Encoding: gzip` as browsers do (wrk sends none by default): the page cache serves a kept
page's gzipped body to such a client. Each page's size is given as sent (gzipped) and in full.

Needs wrk (https://github.com/wg/wrk; Debian and Ubuntu: `apt-get install wrk`, macOS: `brew install wrk`) and
a PostgreSQL the script may create a database on. Not part of `make test` or CI.

    python benchmarks/load.py [--rounds 5] [--duration 2] [--connections 8] [--workers 3] [--only WORD ...]
                              [--reuse-database] [--forms-without-csrf]

--forms-without-csrf serves the site's footer and the walk's follow form without a CSRF token; both carry none any
more (their forms are anonymous), so it changes nothing today: kept to compare with runs of older versions.
"""

import argparse
import datetime
import gzip
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import harness  # noqa: E402

PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/boligsocial_load"
GOAL = 0.8
# What a browser sends; wrk sends no Accept-Encoding unless told.
ACCEPT_ENCODING = "gzip, deflate, br"
# Sent with the plain page's rendered reference run: estates.cache_middleware passes any request with an
# Authorization header by.
RENDERED = "Load plain-page"
CSRF_TAG = re.compile(r"\{%\s*csrf_token\s*%\}")
# The templates that put a CSRF token on every public page (the footer's language switch) and on walk pages
# (the follow-by-email form).
TOKEN_TEMPLATES = ["templates/includes/footer.html", "safety_walks/templates/safety_walks/following/form_fields.html"]


def environment(workdir: Path, database_url: str) -> dict:
    from cryptography.fernet import Fernet  # noqa: PLC0415  (only this script needs it)

    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site"), str(BENCH_DIR)]),
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "BOLIGSOCIAL_LOAD_DIR": str(workdir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test-only-" + os.urandom(8).hex(),
        "MEDIATION_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "PAGE_CACHE_DIR": str(workdir / "page-cache"),
    }


def recreate_database(database_url: str) -> None:
    import psycopg  # noqa: PLC0415

    name = database_url.rsplit("/", 1)[-1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def write_templates(workdir: Path, *, forms_without_csrf: bool) -> None:
    page = workdir / "templates" / "wagtailcore" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(harness.BASELINE_TEMPLATE)
    if forms_without_csrf:
        for source in TOKEN_TEMPLATES:
            relative = Path(source).relative_to(Path(source).parts[0])
            if relative.parts[0] == "templates":
                relative = relative.relative_to("templates")
            target = workdir / "templates" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(CSRF_TAG.sub("", (ROOT / source).read_text()))


def seed(*, reuse: bool) -> None:
    """In a subprocess with the load settings: migrate, seed the benchmark's data (unless `reuse`: a previous
    run's), print the targets as JSON."""
    sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(BENCH_DIR)]
    import django  # noqa: PLC0415

    django.setup()
    import bench_baseline  # noqa: PLC0415
    import bench_community  # noqa: PLC0415
    import bench_mediation  # noqa: PLC0415
    import bench_safety_walks  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from community.models import ActivityPage  # noqa: PLC0415
    from estates.models import HousingArea  # noqa: PLC0415
    from mediation.models import MediationStatisticsPage  # noqa: PLC0415
    from safety_walks.models import WalkIndexPage, WalkPage  # noqa: PLC0415

    translation.activate("da")

    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)  # a reused database may lack newer migrations
    if not reuse:
        harness.create_site()
        for module in (bench_baseline, bench_safety_walks, bench_community, bench_mediation):
            started = time.perf_counter()
            module.seed()
            print(f"seeded {module.__name__} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    walk = WalkPage.objects.get(slug="stor-vandring")
    month = datetime.date.today().replace(day=1)
    next_month = (month + datetime.timedelta(days=31)).replace(day=1)
    area = HousingArea.objects.order_by("slug").first()
    activity = ActivityPage.objects.live().order_by("pk").first()
    statistics_page = MediationStatisticsPage.objects.live().get()
    pages = [
        ("Home page", "/da/"),
        ("Housing area page", f"/da/omraade/{area.slug}/"),
        ("Walk list", WalkIndexPage.objects.live().get().url),
        (f"Walk report, {bench_safety_walks.WALK_FINDINGS} findings", walk.url),
        ("A finding's own page", walk.finding_url(walk.findings.public().order_by("pk").first())),
        ("Calendar, upcoming list", "/da/aktiviteter/"),
        ("Calendar, month view", f"/da/aktiviteter/maaned/{month:%Y-%m}/"),
        ("An activity's page", activity.url),
        ("Mediation statistics page", statistics_page.url),
        ("Search", "/da/search/?q=sikkerhed"),
        ("Calendar's iCalendar feed", "/da/aktiviteter/ical/"),
        ("An activity's iCalendar file", activity.url + "ical/"),
        ("Walk's Atom feed", reverse("boligsocial:following:walk_feed", args=[walk.pk])),
        ("Housing area's Atom feed", reverse("boligsocial:following:area_feed", args=[area.slug])),
        ("API, pages list", "/api/v2/pages/"),
        ("API, walk list", "/api/v2/walks/"),
        ("API, walk detail", f"/api/v2/pages/{walk.pk}/"),
        ("API, occurrences of a month", f"/api/v2/occurrences/?start={month}&end={next_month}"),
    ]
    # The plain page rendered (the page cache passed by): a reference, what any page costs without the cache.
    targets = [("Plain page rendered (reference)", harness.BASELINE_PATH, True)]
    targets += [(label, path, False) for label, path in pages]
    print(json.dumps(targets))


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + harness.BASELINE_PATH, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    sys.exit("gunicorn did not answer within a minute")


def probe(url: str, *, rendered: bool = False) -> tuple[int, str, int, int]:
    """Two GETs accepting gzip (the first may fill the cache): the second's status, whether it came from the page
    cache, size as sent and size in full."""
    status, cache, sent, size = 0, "", 0, 0
    headers = {"Accept-Encoding": ACCEPT_ENCODING, **({"Authorization": RENDERED} if rendered else {})}
    for _ in range(2):
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                status, cache = response.status, response.headers.get("X-Boligsocial-Cache", "")
                sent = size = len(body)
                if response.headers.get("Content-Encoding") == "gzip":
                    size = len(gzip.decompress(body))
        except urllib.error.HTTPError as error:
            status, cache = error.code, ""
    return status, "passed by" if rendered else (cache or "not cached"), sent, size


def wrk(url: str, *, duration: int, connections: int, rendered: bool = False, workers=()) -> tuple[float, int, float]:
    """wrk's requests per second, its errors (non-2xx/3xx answers plus socket errors) and the server's CPU
    milliseconds per request (the `workers`' user and system time); `rendered` passes the page cache by (an
    Authorization header, as the benchmarks' plain page does)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    if rendered:
        command += ["-H", f"Authorization: {RENDERED}"]
    cpu_before = cpu_seconds(workers)
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(workers) - cpu_before
    served = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return rate, errors, 1000 * cpu / served if served else 0.0


def worker_pids(server_pid: int) -> list[int]:
    """gunicorn's worker processes (the children of its arbiter), on Linux; none elsewhere."""
    try:
        return [int(pid) for pid in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids) -> float:
    """User and system CPU time the processes used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    return total / ticks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse-database", action="store_true", help="keep the previous run's seeded database")
    parser.add_argument("--duration", type=int, default=2, help="seconds of wrk per run (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over every target (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--only", nargs="+", help="only the pages whose label contains one of these words")
    parser.add_argument("--forms-without-csrf", action="store_true", help="footer and follow form without tokens")
    args = parser.parse_args(argv)
    if args.seed:
        seed(reuse=args.reuse_database)
        return 0
    # A stopped run stops its gunicorn too (the `finally` below runs on SIGTERM as on Ctrl-C).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("wrk"):
        sys.exit(
            "make load needs wrk, the HTTP benchmarking tool, and it is not on PATH: install it "
            "(Debian and Ubuntu: apt-get install wrk; macOS: brew install wrk; https://github.com/wg/wrk)."
        )

    with tempfile.TemporaryDirectory(prefix="boligsocial-load-") as tmp:
        workdir = Path(tmp)
        env = environment(workdir, args.database_url)
        write_templates(workdir, forms_without_csrf=args.forms_without_csrf)
        if not args.reuse_database:
            recreate_database(args.database_url)
        seed_command = [PYTHON, __file__, "--seed", *(["--reuse-database"] if args.reuse_database else [])]
        seeded = subprocess.run(seed_command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if seeded.returncode:
            sys.exit(f"Seeding failed:\n{seeded.stderr[-3000:]}")
        print(seeded.stderr.strip(), file=sys.stderr)
        targets = json.loads(seeded.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "--chdir",
                str(ROOT / "site"),
                "config.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_until_up(base)
            return measure(base, targets, args, workers=worker_pids(server.pid))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def measure(base: str, targets, args, *, workers) -> int:
    """Rounds over every target: the plain page, a target, the plain page, the next target ... (the order reversed
    every other round), each run `args.duration` seconds of wrk. A target's ratio in a round is its requests per
    second over the mean of the two plain runs beside it; the row gives the median of the rounds' ratios and its
    spread (half their interquartile range, as a fraction of the median), as `make bench` does."""
    plain = base + harness.BASELINE_PATH
    chosen = [t for t in targets if not args.only or any(w.lower() in t[0].lower() for w in args.only)]
    probes = {label: probe(base + path, rendered=rendered) for label, path, rendered in chosen}
    _, plain_cache, plain_sent, plain_size = probe(plain)
    # One untimed round of 1 s runs: every worker reads each kept page into its memory, opens its connection.
    for _label, path, rendered in chosen:
        wrk(base + path, duration=1, connections=args.connections, rendered=rendered)
    runs: dict[str, list] = {label: [] for label, _path, _rendered in chosen}
    ratios: dict[str, list] = {label: [] for label, _path, _rendered in chosen}
    plain_runs = []
    machine, busy_before, own_before = harness.machine(), busy_seconds(), cpu_seconds(workers) + wrk_seconds()
    started = time.monotonic()
    for round_ in range(args.rounds):
        order = chosen if round_ % 2 == 0 else chosen[::-1]
        before = wrk(plain, duration=args.duration, connections=args.connections, workers=workers)
        plain_runs.append(before)
        for label, path, rendered in order:
            run = wrk(
                base + path, duration=args.duration, connections=args.connections, rendered=rendered, workers=workers
            )
            after = wrk(plain, duration=args.duration, connections=args.connections, workers=workers)
            plain_runs.append(after)
            plain_rate = (before[0] + after[0]) / 2
            runs[label].append((*run, plain_rate))
            ratios[label].append(run[0] / plain_rate if plain_rate else 0.0)
            before = after
        print(f"round {round_ + 1} of {args.rounds} done after {time.monotonic() - started:.0f} s", file=sys.stderr)
    elapsed = time.monotonic() - started
    busy = busy_seconds() - busy_before
    own = cpu_seconds(workers) + wrk_seconds() - own_before
    load_after = os.getloadavg()[0]
    cpus = os.cpu_count() or 1

    plain_cpu = statistics.median(run[2] for run in plain_runs)
    plain_errors = sum(run[1] for run in plain_runs)
    heading = (
        f"Load of {datetime.date.today():%Y-%m-%d}: gunicorn with {args.workers} sync workers, production settings, "
        f"PostgreSQL with persistent connections, {variant_name(args)}; wrk with 2 threads and {args.connections} "
        f"connections, every request with `Accept-Encoding: {ACCEPT_ENCODING}` as browsers send. {args.rounds} rounds "
        f"over all targets: {args.duration} s of the plain Wagtail page, {args.duration} s of a target, "
        f"{args.duration} s of the plain page, the next target ... (the order reversed every other round); a round's "
        f"ratio is the target's requests/s over the mean of the two plain runs beside it; the median ratio and its "
        f"spread (half the interquartile range). The plain page as anonymous visitors get it ({plain_cache}, "
        f"{plain_sent / 1024:.0f} KB sent, {plain_size / 1024:.0f} KB in full): median "
        f"{statistics.median(run[0] for run in plain_runs):.0f} req/s, {plain_cpu:.2f} ms server CPU per request, "
        f"{plain_errors} errors in {len(plain_runs)} runs. {machine} at the start, {load_after:.1f} at the "
        f"end; during the {elapsed / 60:.1f} minutes of rounds the {cpus} CPUs were {busy / elapsed / cpus:.0%} busy, "
        f"{own / elapsed / cpus:.0%} of them gunicorn's workers and wrk (the rest PostgreSQL and other work)."
    )
    lines = [
        heading,
        "",
        "| Target | Page cache | Sent (full size) | Requests/s | Plain page req/s | × plain page | Spread | Errors "
        "| Server CPU ms per request | Plain page's CPU ÷ target's |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    failed, noisy = [], []
    for label, path, rendered in chosen:
        status, cache, sent, size = probes[label]
        ratio, spread = harness.ratio_spread(ratios[label])
        rate = statistics.median(run[0] for run in runs[label])
        plain_rate = statistics.median(run[3] for run in runs[label])
        errors = sum(run[1] for run in runs[label]) + (status != 200)
        cpu_ms = statistics.median(run[2] for run in runs[label])
        if (ratio < GOAL and not rendered) or errors:
            failed.append(label)
            cpu_ratio = plain_cpu / cpu_ms if cpu_ms else 0.0
            if not errors and ratio * (1 + spread) >= GOAL and cpu_ratio >= GOAL:
                noisy.append(label)
        lines.append(
            f"| {label} (`{path}`) | {cache} | {sent / 1024:.0f} KB ({size / 1024:.0f} KB) | {rate:.0f} "
            f"| {plain_rate:.0f} | {ratio:.2f}× | ±{spread:.0%} | {errors} | {cpu_ms:.2f} "
            f"| {plain_cpu / cpu_ms if cpu_ms else 0.0:.2f}× |"
        )
    goals = sum(not rendered for _label, _path, rendered in chosen)
    met = goals - sum(1 for label, _path, rendered in chosen if label in failed and not rendered)
    lines += [
        "",
        "Page cache: `hit` = served from the page cache (estates/page_cache.py) as to any anonymous visitor; `not "
        "cached` = rendered for every request; `passed by` = a request the cache ignores (an Authorization header).",
        f"Goal (every public page and API endpoint ≥ {GOAL}× the plain page as visitors get it, 0 errors): {met} of "
        f"{goals} met (the plain page rendered is a reference, not a goal).",
    ]
    if failed:
        lines.append(f"Not met: {', '.join(failed)}.")
    if noisy:
        lines.append(
            f"Of those, within their spread of the goal and at least {GOAL}× the plain page's CPU per request (the "
            f"run cannot tell them from the goal): {', '.join(noisy)}."
        )
    print("\n".join(lines))
    return 1 if failed else 0


def variant_name(args) -> str:
    return (
        "footer and follow form without CSRF token" if args.forms_without_csrf else "the site's templates as they are"
    )


def busy_seconds() -> float:
    """CPU seconds the whole machine spent busy so far (all CPUs; /proc/stat, Linux; 0 elsewhere)."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wrk_seconds() -> float:
    """CPU seconds wrk (this script's finished children) used so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
