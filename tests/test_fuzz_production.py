"""The fuzz test (tests/test_fuzz.py) again, under production settings.

Production differs from the test settings in what a bad request meets: DEBUG off
with its error views, hashed static files from a manifest, CSP, django-axes, the
JSON log formatter, WhiteNoise. A 5xx that only those produce would pass the
ordinary run, so this runs the same Hypothesis tests in a child pytest with
`cms.settings.production` and an environment as an operator sets it (a real
secret, named hosts, static files collected first). Only the HTTPS redirect is
off: the test client speaks plain HTTP, and a redirect would hide every answer.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path):
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("production settings need PostgreSQL; run with DATABASE_URL=postgres://…")
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    # The child makes its own test database, "test_" + this name: never ours.
    name = f"{db['NAME']}_prodfuzz"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{name}",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_RATE": "off",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_FORMAT": "text",
        "REDIS_URL": "",
        "MEDIA_S3_BUCKET": "",
    }


@pytest.mark.django_db
def test_the_fuzz_test_passes_under_production_settings(tmp_path):
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_fuzz.py",
            "--ds=cms.settings.production",
            "--create-db",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]
