"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import PRODUCTION_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = PRODUCTION_SECRET_KEY
CHECK = "import django; django.setup(); print('started')"


def start_production(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://u@127.0.0.1/db",
    }
    env[missing] = ""
    result = start_production(**env)
    assert result.returncode != 0
    assert "Production settings cannot start" in result.stderr
    assert f"{missing} is required" in result.stderr


def test_production_starts_when_everything_is_set():
    result = start_production(
        SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="example.org", DATABASE_URL="postgres://u@127.0.0.1/db"
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


OPTIONS = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"


def database_options(**env):
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARE_THRESHOLD"}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", OPTIONS], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_prepared_statements_are_opt_in_on_postgresql():
    url = "postgres://u@127.0.0.1/db"
    default = database_options(DATABASE_URL=url)
    assert default.returncode == 0, default.stderr
    assert "server_side_binding" not in default.stdout
    on = database_options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="5")
    assert "'server_side_binding': True, 'prepare_threshold': 5" in on.stdout, on.stderr
    off = database_options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="off")
    assert "server_side_binding" not in off.stdout, off.stderr
    bad = database_options(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="sometimes")
    assert bad.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number, not 'sometimes'" in bad.stderr
    sqlite = database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert "server_side_binding" not in sqlite.stdout, sqlite.stderr


@pytest.mark.parametrize(
    "name", ["DATABASE_CONN_MAX_AGE", "DIRECTORY_MAP_CACHE_SECONDS", "SECURE_HSTS_SECONDS"]
)
def test_a_bad_number_in_the_environment_is_refused_by_name(name):
    result = start_production(
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        **{name: "-1"},
    )
    assert result.returncode != 0
    assert f"{name} must be a whole number, not '-1'." in result.stderr


@pytest.mark.django_db
def test_the_sites_postgresql_connections_run_without_jit():
    """JIT compiling cost a provider search 505 ms for ~20 ms of work (cms/settings)."""
    from django.db import connection

    assert connection.vendor == "postgresql", "the test suite runs on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
    url = "postgres://u@127.0.0.1/db"
    assert "'options': '-c jit=off'" in database_options(DATABASE_URL=url).stdout
    kept = database_options(DATABASE_URL=url, DATABASE_JIT="on")
    assert "jit" not in kept.stdout, kept.stderr
    assert "jit" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3").stdout


def setting(name, **env):
    """repr() of one setting as the development settings read it from `env`."""
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    clean = {k: v for k, v in os.environ.items() if k not in env}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_the_page_password_rate_comes_from_the_environment():
    assert setting("PAGE_PASSWORD_RATE").stdout.strip() == "(10, 60)"  # the default
    assert setting("PAGE_PASSWORD_RATE", PAGE_PASSWORD_RATE="5/hour").stdout.strip() == "(5, 3600)"
    assert setting("PAGE_PASSWORD_RATE", PAGE_PASSWORD_RATE="off").stdout.strip() == "None"
    bad = setting("PAGE_PASSWORD_RATE", PAGE_PASSWORD_RATE="ten a minute")
    assert bad.returncode != 0
    assert "PAGE_PASSWORD_RATE must be a rate such as 10/minute, or off" in bad.stderr


def test_the_address_login_limit_must_be_above_the_usernames():
    assert setting("AXES_ADDRESS_FAILURE_LIMIT").stdout.strip() == "10"  # the default
    assert setting("AXES_FAILURE_LIMIT").stdout.strip() == "5"
    raised = setting("AXES_ADDRESS_FAILURE_LIMIT", AXES_ADDRESS_FAILURE_LIMIT="30")
    assert raised.stdout.strip() == "30", raised.stderr
    for low in ("5", "3"):
        refused = setting("AXES_ADDRESS_FAILURE_LIMIT", AXES_ADDRESS_FAILURE_LIMIT=low)
        assert refused.returncode != 0
        assert f"AXES_ADDRESS_FAILURE_LIMIT ({low}) must be higher than AXES_FAILURE_LIMIT (5)" in (
            refused.stderr
        )
