"""Read the deployment's configuration from environment variables, with laptop-safe defaults."""

from collections.abc import Mapping
from pathlib import Path

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}


def as_bool(value: str | None, *, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def as_list(value: str | None, *, default: list[str]) -> list[str]:
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database(env: Mapping[str, str], *, default_sqlite: Path) -> dict:
    """DATABASE_URL, or a SQLite file in the project folder."""
    url = env.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    return dj_database_url.parse(url, conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE", "0")))


def q_cluster(env: Mapping[str, str]) -> dict:
    """django-q2: Redis as broker when REDIS_URL is set, otherwise the database (ORM broker)."""
    config = {
        "name": "boligsocial",
        "workers": int(env.get("Q_WORKERS", "2")),
        "timeout": 120,
        # retry must exceed timeout, or a slow task is started twice.
        "retry": 180,
        "max_attempts": 5,
        "ack_failures": True,
        "catch_up": True,
        "save_limit": 1000,
        "label": "Baggrundsjob",
    }
    if env.get("REDIS_URL"):
        config["redis"] = env["REDIS_URL"]
    else:
        config["orm"] = "default"
    return config


def email(env: Mapping[str, str]) -> dict:
    """SMTP when EMAIL_HOST is set, otherwise print emails to the console."""
    if not env.get("EMAIL_HOST"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": env["EMAIL_HOST"],
        "EMAIL_PORT": int(env.get("EMAIL_PORT", "587")),
        "EMAIL_HOST_USER": env.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": as_bool(env.get("EMAIL_USE_TLS"), default=True),
    }
