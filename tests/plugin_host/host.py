"""A fresh Wagtail host with the plugin installed from its wheel, as a housing organisation's developer makes it.

Each step runs a real command (build, venv, pip, `wagtail start`, `manage.py ...`) in a temporary folder,
is timed, and keeps its output in `<workdir>/logs/`. Nothing is cached between runs: every proof starts
from the repository's files and the package index.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SCRIPTS = Path(__file__).resolve().parent / "host_scripts"
PROJECT = "naboskab"  # the host's Django project name (`wagtail start naboskab`)
# Wagtail's project template generates requirements for Django 6.1 and Python 3.14; these machines run 3.11.
HOST_DJANGO = "Django>=5.2,<5.3"
HOST_WAGTAIL = "wagtail>=8.0,<8.1"
# Environment of the test run that must not leak into the host (it is its own project with its own settings).
LEAKY_ENV = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "REDIS_URL", "PYTHONHOME")
MARKER = re.compile(r"^<!-- install:(?P<name>[a-z]+) -->\s*\n```python\n(?P<code>.*?)^```", re.M | re.S)


def readme_snippets(text: str | None = None) -> dict[str, str]:
    """The README's install snippets by marker name: the fenced python block right after each marker line."""
    text = README.read_text(encoding="utf-8") if text is None else text
    return {match["name"]: match["code"] for match in MARKER.finditer(text)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StepFailed(AssertionError):
    pass


@dataclass
class Step:
    name: str
    seconds: float
    ok: bool


@dataclass
class FreshHost:
    workdir: Path
    port: int = field(default_factory=free_port)
    steps: list[Step] = field(default_factory=list)
    # Where the host needed something the README does not give (a missing command): each fails the proof.
    deviations: list[str] = field(default_factory=list)
    seed: dict = field(default_factory=dict)
    check_output: str = ""
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    encryption_key: str = field(default_factory=lambda: Fernet.generate_key().decode())

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def venv(self) -> Path:
        return self.workdir / "venv"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def project(self) -> Path:
        return self.workdir / PROJECT

    @property
    def logs(self) -> Path:
        return self.workdir / "logs"

    @property
    def wheel(self) -> Path:
        return next((self.workdir / "dist").glob("*.whl"))

    @property
    def sdist(self) -> Path:
        return next((self.workdir / "dist").glob("*.tar.gz"))

    def stylesheet_urls(self) -> list[str]:
        """The URL paths of the stylesheets the wheel ships (`<app>/static/<path>` is served at `/static/<path>`)."""
        names = zipfile.ZipFile(self.wheel).namelist()
        return sorted(f"/static/{name.split('/static/', 1)[1]}" for name in names if name.endswith(".css"))

    def env(self) -> dict[str, str]:
        """The host's environment: this machine's, minus the test run's Django settings, plus the two secrets."""
        env = {key: value for key, value in os.environ.items() if key not in LEAKY_ENV}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONUNBUFFERED"] = "1"
        env["WAGTAILADMIN_BASE_URL"] = self.base_url
        env["MEDIATION_ENCRYPTION_KEY"] = self.encryption_key
        return env

    # --- running steps ---------------------------------------------------------------------------------

    def run(self, name: str, argv: list, *, cwd: Path | None = None, timeout: int = 300) -> str:
        """Run one step; its output goes to logs/<name>.log. A failing command fails the step with its output."""
        self.logs.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        result = subprocess.run(
            [str(arg) for arg in argv],
            cwd=cwd or self.workdir,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = result.stdout + result.stderr
        (self.logs / f"{name}.log").write_text(f"$ {' '.join(map(str, argv))}\n{output}", encoding="utf-8")
        self.steps.append(Step(name, time.monotonic() - started, result.returncode == 0))
        if result.returncode != 0:
            raise StepFailed(f"step '{name}' failed (exit {result.returncode}):\n{_tail(output)}")
        return result.stdout

    def manage(self, name: str, *args: str, timeout: int = 300) -> str:
        return self.run(name, [self.python, "manage.py", *args], cwd=self.project, timeout=timeout)

    def shell(self, name: str, script: str) -> str:
        """Run one of host_scripts/ inside the host with `manage.py shell -c`."""
        return self.manage(name, "shell", "-c", (SCRIPTS / script).read_text(encoding="utf-8"))

    # --- the steps of the README ------------------------------------------------------------------------

    def build(self) -> None:
        """`python -m build`: the sdist, then the wheel built from the sdist (so the sdist is complete too)."""
        self.run("build", [sys.executable, "-m", "build", "--outdir", self.workdir / "dist", REPO], timeout=600)

    def make_venv(self) -> None:
        """A new virtualenv on the machine's own Python (not the project's .venv), with nothing installed.

        Without its own pip: this run's pip installs into it (`pip --python`), which saves ensurepip's time.
        """
        self.run("venv", [getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", self.venv])

    def pip(self, name: str, *args) -> None:
        self.run(name, [sys.executable, "-m", "pip", "--python", self.python, "install", "--quiet", *args], timeout=900)

    def start_project(self) -> None:
        """`pip install wagtail` and `wagtail start`, then the requirements adjusted to Python 3.11."""
        self.pip("pip install wagtail", HOST_WAGTAIL)
        self.run("wagtail start", [self.venv / "bin" / "wagtail", "start", PROJECT])
        requirements = self.project / "requirements.txt"
        text = requirements.read_text(encoding="utf-8")
        requirements.write_text(re.sub(r"(?m)^Django[^\n]*$", HOST_DJANGO, text), encoding="utf-8")
        dockerfile = self.project / "Dockerfile"
        if dockerfile.exists():
            text = dockerfile.read_text(encoding="utf-8")
            dockerfile.write_text(re.sub(r"python:3\.\d+", "python:3.11", text), encoding="utf-8")

    def install_plugin(self) -> None:
        """The README's `pip install wagtail-boligsocial`, from the wheel just built, with the host's requirements."""
        self.pip("pip install plugin", "-r", self.project / "requirements.txt", self.wheel)

    def apply_snippets(self) -> None:
        """Append the README's two snippets verbatim to the files `wagtail start` made; nothing else is edited."""
        snippets = readme_snippets()
        missing = {"settings", "urls"} - set(snippets)
        if missing:
            raise StepFailed(f"README.md has no snippet after <!-- install:{'/'.join(sorted(missing))} -->")
        for name, path in (
            ("settings", self.project / PROJECT / "settings" / "base.py"),
            ("urls", self.project / PROJECT / "urls.py"),
        ):
            original = path.read_text(encoding="utf-8")
            path.write_text(f"{original.rstrip()}\n\n\n{snippets[name]}", encoding="utf-8")

    def migrate(self) -> None:
        self.manage("migrate", "migrate", "--noinput")

    def check(self) -> None:
        self.check_output = self.manage("check", "check")

    def setup_schedules(self) -> None:
        self.manage("setup_schedules", "setup_schedules")

    def setup_pages(self) -> None:
        """The README's page-setup command; while the plugin lacks it, a stand-in script (recorded as a deviation)."""
        try:
            self.manage("boligsocial_setup", "boligsocial_setup")
        except StepFailed as error:
            if "Unknown command" not in str(error):
                raise
            self.deviations.append("`manage.py boligsocial_setup` (README step 3) does not exist in the wheel")
            self.shell("create pages (stand-in)", "create_pages.py")

    def seed_content(self) -> None:
        output = self.shell("seed", "seed.py")
        line = next(line for line in output.splitlines() if line.startswith("SEED="))
        self.seed = json.loads(line.removeprefix("SEED="))

    def serve(self) -> None:
        """`runserver` on a free port and a `qcluster` worker beside it, as the README says; wait for both."""
        started = time.monotonic()
        self.start("runserver", "runserver", f"127.0.0.1:{self.port}", "--noreload")
        self.start("qcluster", "qcluster")
        deadline = time.monotonic() + 90
        while not _answers(self.port):
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise StepFailed(f"{name} stopped (exit {process.returncode}):\n{_tail(self.log_of(name))}")
            if time.monotonic() > deadline:
                raise StepFailed(f"runserver does not answer on {self.base_url}:\n{_tail(self.log_of('runserver'))}")
            time.sleep(0.3)
        self.steps.append(Step("serve", time.monotonic() - started, True))

    def start(self, name: str, *args: str) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("w", encoding="utf-8")
        self.processes[name] = subprocess.Popen(
            [str(self.python), "manage.py", *args],
            cwd=self.project,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends the server and its workers only
        )

    def log_of(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def remove(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def timings(self) -> str:
        total = sum(step.seconds for step in self.steps)
        lines = [f"{step.name:<28}{step.seconds:7.1f} s{'' if step.ok else '  FAILED'}" for step in self.steps]
        return "\n".join([*lines, f"{'total':<28}{total:7.1f} s"])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
