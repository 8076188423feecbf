"""Production settings refuse to start without their secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms.settings.environment import email_settings, production_problems

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
    assert "-c jit=off" in database_options(DATABASE_URL=url).stdout
    kept = database_options(DATABASE_URL=url, DATABASE_JIT="on")
    assert "jit" not in kept.stdout, kept.stderr
    assert "jit" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3").stdout


@pytest.mark.django_db
def test_the_sites_postgresql_connections_have_room_for_a_search_bitmap():
    """A lossy bitmap made a two-word name search at 8M providers recheck millions of
    rows (cms/settings: DATABASE_WORK_MEM)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"
    url = "postgres://u@127.0.0.1/db"
    assert "'options': '-c jit=off -c work_mem=32MB'" in database_options(DATABASE_URL=url).stdout
    assert "-c work_mem=1GB" in database_options(DATABASE_URL=url, DATABASE_WORK_MEM="1GB").stdout
    server = database_options(DATABASE_URL=url, DATABASE_WORK_MEM="server")
    assert "work_mem" not in server.stdout, server.stderr
    bad = database_options(DATABASE_URL=url, DATABASE_WORK_MEM="lots")
    assert bad.returncode != 0
    assert "DATABASE_WORK_MEM must be a size such as 32MB" in bad.stderr
    assert "work_mem" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3").stdout


EMAIL_VARIABLES = {
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
}
READY = {
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://u@127.0.0.1/db",
}


def run_production(code, **env):
    """Run `code` under production settings with only the email variables in `env`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in EMAIL_VARIABLES | {"LOG_FORMAT", "LOG_LEVEL", "COLLECTSTATIC_ON_START"}
    }
    clean.update(READY, **env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def setting(name, **env):
    """repr() of one setting as the development settings read it from `env`."""
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    clean = {k: v for k, v in os.environ.items() if k not in env}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


EMAIL_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; import json; "
    "print(json.dumps({name: getattr(settings, name) for name in ("
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
    "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL')}))"
)


def test_production_sends_mail_through_the_smtp_server_the_environment_names():
    result = run_production(
        EMAIL_SETTINGS,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="cms",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="Procedures CMS <reviews@example.org>",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "cms",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": "Procedures CMS <reviews@example.org>",
        "SERVER_EMAIL": "Procedures CMS <reviews@example.org>",
    }


@pytest.mark.parametrize(
    ("env", "port"),
    [({}, 25), ({"EMAIL_USE_TLS": "true"}, 587), ({"EMAIL_USE_SSL": "TRUE"}, 465)],
)
def test_the_smtp_port_follows_the_kind_of_tls_unless_set(env, port):
    settings = email_settings({"EMAIL_HOST": "smtp.example.org", **env})
    assert settings["EMAIL_PORT"] == port


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        (
            {"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"},
            "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true",
        ),
        ({"EMAIL_USE_TLS": "yes please"}, "EMAIL_USE_TLS must be true or false, not 'yes please'"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number, not 'smtp'"),
        ({"EMAIL_TIMEOUT": "-5"}, "EMAIL_TIMEOUT must be a whole number, not '-5'"),
    ],
)
def test_email_settings_that_cannot_work_are_production_problems(env, problem):
    problems = production_problems({**READY, "EMAIL_HOST": "smtp.example.org", **env})
    assert [p for p in problems if p.startswith(problem)] == problems


def test_production_refuses_to_start_with_email_settings_that_cannot_work():
    result = run_production(
        CHECK, EMAIL_HOST="smtp.example.org", EMAIL_USE_SSL="on", EMAIL_PORT="smtp"
    )
    assert result.returncode != 0
    assert "Production settings cannot start" in result.stderr
    assert "EMAIL_USE_SSL must be true or false, not 'on'" in result.stderr
    assert "EMAIL_PORT must be a whole number, not 'smtp'" in result.stderr


START_SERVER = "import cms.wsgi; print('started')"


def warnings_logged(result):
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    return [r["message"] for r in records if r["level"] == "WARNING"]


def test_production_warns_at_start_up_when_email_is_not_configured():
    result = run_production(START_SERVER)
    assert result.returncode == 0, result.stderr  # a warning, not a refusal
    assert "started" in result.stdout
    (warning,) = warnings_logged(result)
    assert warning.startswith("EMAIL_HOST is not set")
    assert "notifications" in warning

    no_sender = run_production(START_SERVER, EMAIL_HOST="smtp.example.org")
    assert [w.split(":")[0] for w in warnings_logged(no_sender)] == [
        "DEFAULT_FROM_EMAIL is not set"
    ]

    configured = run_production(
        START_SERVER, EMAIL_HOST="smtp.example.org", DEFAULT_FROM_EMAIL="reviews@example.org"
    )
    assert configured.returncode == 0, configured.stderr
    assert warnings_logged(configured) == []


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
