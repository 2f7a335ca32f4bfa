import os
import subprocess
import sys
from pathlib import Path

from config import env

ROOT = Path(__file__).resolve().parents[2]
# A Fernet key for the production-settings checks (mediation refuses to start without its own key).
PRODUCTION_MEDIATION_KEY = "x3Wk1m3b8c9QGxq2c6M0m1K6o4a2Yw9Qe5s7T1u3V5A="


def test_database_defaults_to_a_sqlite_file(tmp_path):
    config = env.database({}, default_sqlite=tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_database_url_selects_postgresql(tmp_path):
    config = env.database({"DATABASE_URL": "postgres://u:p@db.example:5433/estate"}, default_sqlite=tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "estate")


def test_django_q_uses_the_orm_broker_without_redis_and_redis_with_it():
    assert env.q_cluster({})["orm"] == "default"
    with_redis = env.q_cluster({"REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert with_redis["redis"] == "redis://127.0.0.1:6379/1"
    assert "orm" not in with_redis
    assert with_redis["retry"] > with_redis["timeout"]


def test_email_prints_to_the_console_until_a_mail_server_is_configured():
    assert env.email({})["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = env.email({"EMAIL_HOST": "smtp.example", "EMAIL_PORT": "25", "EMAIL_USE_TLS": "false"})
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == ("smtp.example", 25, False)


def test_allowed_hosts_are_read_as_a_list():
    assert env.as_list("a.example, b.example", default=[]) == ["a.example", "b.example"]
    assert env.as_list("", default=["localhost"]) == ["localhost"]


def run_manage(*args, **environment):
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest; check --deploy warns about it.
        if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "MEDIATION_ENCRYPTION_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 30 + "a-long-random-production-secret-key",
        ALLOWED_HOSTS="tryghed.example",
        MEDIATION_ENCRYPTION_KEY=PRODUCTION_MEDIATION_KEY,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_read_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.WAGTAILADMIN_BASE_URL, s.Q_CLUSTER.get('redis'))",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="tryghed.example",
        MEDIATION_ENCRYPTION_KEY=PRODUCTION_MEDIATION_KEY,
        BASE_URL="https://tryghed.example/",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1] == "['tryghed.example'] https://tryghed.example redis://127.0.0.1:6379/3"
    )
