"""`make load`: the public pages under wrk, served by gunicorn (3 workers) on PostgreSQL with production settings.

Seeds a database of its own (`boligsocial_load` on 127.0.0.1 unless --database-url says otherwise) with the
benchmark's data (the plain page, 300 pages, a walk with 300 findings among 5,000, a calendar of 2,000
activities), starts gunicorn and runs wrk against each public page right after the plain Wagtail page, so
each ratio compares two runs that shared the machine's state. Prints requests per second, the ratio to the
plain page, errors (non-2xx/3xx answers and socket errors), whether the page came from the page cache, and
the server's CPU time per request (gunicorn's workers, from /proc: unlike requests per second, it does not
depend on what else the machine runs). The goal: every public page at 0.8x the plain page's requests per
second or better, with 0 errors. An address the page cache does not keep (the API, the plugin's Atom feeds) is
compared with the plain page rendered (the cache passed by), every other with the plain page as visitors get it
(from the cache).

wrk sends `Accept-Encoding: gzip` as browsers do (wrk sends none by default): the page cache serves a kept
page's gzipped body to such a client. Each page's size is given as sent (gzipped) and in full.

Needs wrk (https://github.com/wg/wrk; Debian and Ubuntu: `apt-get install wrk`, macOS: `brew install wrk`) and
a PostgreSQL the script may create a database on. Not part of `make test` or CI.

    python benchmarks/load.py [--rounds 5] [--duration 3] [--connections 8] [--workers 3] [--only WORD ...]
                              [--reuse-database] [--forms-without-csrf]

--forms-without-csrf serves the site's footer and the walk's follow form without their CSRF token (as the
README proposes: both forms are anonymous), which is what lets those pages be cached at all.
"""

import argparse
import datetime
import gzip
import json
import os
import re
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
    import bench_safety_walks  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from community.models import ActivityPage  # noqa: PLC0415
    from estates.models import HousingArea  # noqa: PLC0415
    from safety_walks.models import WalkIndexPage, WalkPage  # noqa: PLC0415

    translation.activate("da")

    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)  # a reused database may lack newer migrations
    if not reuse:
        harness.create_site()
        for module in (bench_baseline, bench_safety_walks, bench_community):
            started = time.perf_counter()
            module.seed()
            print(f"seeded {module.__name__} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    walk = WalkPage.objects.get(slug="stor-vandring")
    month = datetime.date.today().replace(day=1)
    next_month = (month + datetime.timedelta(days=31)).replace(day=1)
    area = HousingArea.objects.order_by("slug").first()
    activity = ActivityPage.objects.live().order_by("pk").first()
    targets = [
        ("Home page", "/da/"),
        ("Housing area page", f"/da/omraade/{area.slug}/"),
        ("Walk list", WalkIndexPage.objects.live().get().url),
        (f"Walk report, {bench_safety_walks.WALK_FINDINGS} findings", walk.url),
        ("A finding's own page", walk.finding_url(walk.findings.public().order_by("pk").first())),
        ("Calendar, upcoming list", "/da/aktiviteter/"),
        ("Calendar, month view", f"/da/aktiviteter/maaned/{month:%Y-%m}/"),
        ("An activity's page", activity.url),
        ("Calendar's iCalendar feed", "/da/aktiviteter/ical/"),
        ("Walk's Atom feed", reverse("boligsocial:following:walk_feed", args=[walk.pk])),
        ("API, walk detail", f"/api/v2/pages/{walk.pk}/"),
        ("API, occurrences of a month", f"/api/v2/occurrences/?start={month}&end={next_month}"),
    ]
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


def probe(url: str) -> tuple[int, str, int, int]:
    """Two GETs accepting gzip (the first may fill the cache): the second's status, X-Boligsocial-Cache header,
    size as sent and size in full."""
    status, cache, sent, size = 0, "", 0, 0
    for _ in range(2):
        request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                status, cache = response.status, response.headers.get("X-Boligsocial-Cache", "")
                sent = size = len(body)
                if response.headers.get("Content-Encoding") == "gzip":
                    size = len(gzip.decompress(body))
        except urllib.error.HTTPError as error:
            status, cache = error.code, ""
    return status, cache or "not cached", sent, size


def wrk(url: str, *, duration: int, connections: int, rendered: bool = False, workers=()) -> tuple[float, int, float]:
    """wrk's requests per second, its errors (non-2xx/3xx answers plus socket errors) and the server's CPU
    milliseconds per request (the `workers`' user and system time); `rendered` passes the page cache by (an
    Authorization header, as the benchmarks' plain page does)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    if rendered:
        command += ["-H", "Authorization: Load plain-page"]
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
    parser.add_argument("--duration", type=int, default=3, help="seconds of wrk per run (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of plain page and page per target (default 5)")
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
    plain = base + harness.BASELINE_PATH
    rows = []
    _, plain_cache, plain_sent, _ = probe(plain)
    for label, path in targets:
        if args.only and not any(word.lower() in label.lower() for word in args.only):
            continue
        url = base + path
        status, cache, sent, size = probe(url)
        probe(plain)
        # An address the page cache does not keep (the API, the plugin's feeds) is compared with the plain page
        # rendered too, not only with the plain page from the cache.
        rendered = cache == "not cached"
        # Rounds of the plain page and the page back to back (alternating which goes first): a machine that is
        # busier for a moment slows both runs of a round; the median round's figures are reported.
        rounds = []
        for round_ in range(args.rounds):
            runs = {}
            for which in ("plain", "page") if round_ % 2 == 0 else ("page", "plain"):
                runs[which] = wrk(
                    url if which == "page" else plain,
                    duration=args.duration,
                    connections=args.connections,
                    rendered=rendered and which == "plain",
                    workers=workers,
                )
            rounds.append(runs)
        rounds.sort(key=lambda runs: runs["page"][0] / runs["plain"][0] if runs["plain"][0] else 0.0)
        median = rounds[len(rounds) // 2]
        errors = sum(runs["page"][1] for runs in rounds)
        plain_errors = sum(runs["plain"][1] for runs in rounds)
        rate, plain_rate = median["page"][0], median["plain"][0]
        # The server's CPU time per request does not depend on what else runs on the machine: the plain page's
        # over the page's, the median of the rounds' (1.0 = as cheap as the plain page).
        cpu_ratios = sorted(runs["plain"][2] / runs["page"][2] if runs["page"][2] else 0.0 for runs in rounds)
        cpu_ratio, cpu_ms = cpu_ratios[len(cpu_ratios) // 2], statistics.median(runs["page"][2] for runs in rounds)
        rows.append((label, path, status, cache, sent, size, rate, errors, plain_rate, plain_errors, cpu_ms, cpu_ratio))
        print(f"{label}: {rate:.0f} req/s, plain page {plain_rate:.0f} req/s", file=sys.stderr)

    variant = "the site's templates as they are"
    if args.forms_without_csrf:
        variant = "footer and follow form without CSRF token"
    heading = (
        f"Load of {datetime.date.today():%Y-%m-%d}: gunicorn with {args.workers} workers, production settings, "
        f"PostgreSQL, {variant}; wrk with 2 threads and {args.connections} connections, {args.rounds} rounds of "
        f"{args.duration} s on the plain Wagtail page and {args.duration} s on the page (alternating which goes "
        f"first), the median round's figures; every request with `Accept-Encoding: {ACCEPT_ENCODING}` as a "
        f"browser sends (wrk sends none unless told); the plain page {plain_sent / 1024:.0f} KB as sent, "
        f"page cache: {plain_cache}; {harness.machine()}."
    )
    lines = [
        heading,
        "",
        "| Page | Sent (full size) | Requests/s | Plain page requests/s | × plain page | Errors | Page cache "
        "| Server CPU ms per request | Plain page's CPU ÷ page's |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    failed = []
    for label, path, status, cache, sent, size, rate, errors, plain_rate, plain_errors, cpu_ms, cpu_ratio in rows:
        ratio = rate / plain_rate if plain_rate else 0.0
        total_errors = errors + plain_errors + (status != 200)
        if ratio < GOAL or total_errors:
            failed.append(label)
        lines.append(
            f"| {label} (`{path}`) | {sent / 1024:.0f} KB ({size / 1024:.0f} KB) | {rate:.0f} "
            f"| {plain_rate:.0f}{' rendered' if cache == 'not cached' else ''} "
            f"| {ratio:.2f}× | {total_errors} | {cache} | {cpu_ms:.1f} | {cpu_ratio:.2f}× |"
        )
    met = len(rows) - len(failed)
    lines += [
        "",
        "An address the page cache does not keep is compared with the plain page rendered (`rendered`: the page "
        "cache passed by), every other with the plain page as visitors get it.",
        f"Goal (every public page ≥ {GOAL}× the plain page, 0 errors): {met} of {len(rows)} met.",
    ]
    if failed:
        lines.append(f"Not met: {', '.join(failed)}.")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
