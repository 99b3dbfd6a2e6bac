"""Settings come from the environment; production refuses to run insecurely."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Also drop what the browser tests set for Playwright: a deployment check rightly flags it.
CONFIG_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_HTTPS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CACHE_URL",
    "PEPTARA_PAGE_CACHE",
)


def manage(*args, **environment):
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="monographs.peptara.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_page_cache_in_per_process_memory_fails_the_deployment_checklist():
    production = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "monographs.peptara.example",
    }
    deploy_check = ("check", "--deploy", "--fail-level", "WARNING")

    local_memory = manage(*deploy_check, PEPTARA_PAGE_CACHE="1", **production)
    shared = manage(*deploy_check, CACHE_URL="redis://127.0.0.1:6379/9", **production)

    assert local_memory.returncode != 0
    assert "peptara.W001" in local_memory.stderr
    assert shared.returncode == 0, shared.stderr


@pytest.mark.parametrize(
    ("database_url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://u@127.0.0.1:5432/db", "django.db.backends.postgresql"),
    ],
)
def test_database_comes_from_database_url(database_url, engine):
    environment = {"DJANGO_DEBUG": "1"}
    if database_url:
        environment["DATABASE_URL"] = database_url
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], 'pool' in d.get('OPTIONS', {}))",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [engine, str(engine.endswith("postgresql"))]
