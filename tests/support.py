"""What tests that start real processes share: free ports, the test database's URL,
Redis, a secret key production settings accept, and a schemathesis run; and an API
token made as docs/api.md makes one."""

import json
import os
import re
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# 50+ characters, many distinct: production's start-up check takes it.
PRODUCTION_SECRET_KEY = "tests-only-9fK2pQx7Lm4Rv8Zb1Nc6Wd3Hy5Tg0Js-aE7uI2oP4sD6fG8hJ1kL3"


def create_token(username, name="Preview app"):
    """A token as docs/api.md creates it: `manage.py api_tokens create --json`."""
    out = StringIO()
    call_command("api_tokens", "create", "--user", username, "--name", name, "--json", stdout=out)
    return json.loads(out.getvalue())["token"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db):
    """A `DATABASE_URL` for another process, from a Django database settings dict."""
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def migrated_database_url():
    """The test database pytest-django created (migrated tables), for another process."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("production settings need PostgreSQL; run with DATABASE_URL=postgres://…")
    return database_url(db)


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


API_DOC = ROOT / "docs" / "api.md"
# Where docs/api.md's examples say the site is (`make run`); tests swap in their server.
DOCUMENTED_BASE = "http://127.0.0.1:8000"


def documented_blocks(heading, languages="sh|text"):
    """The (language, text) code blocks of one `## heading` section of docs/api.md, in
    order, of the languages given (a regex alternation)."""
    text = API_DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```({languages})\n(.*?)```", section, flags=re.DOTALL)


def documented_examples(heading):
    """The (shell script, expected output lines) pairs of one section of docs/api.md:
    each ```sh block followed by a ```text block, as a reader would copy them."""
    blocks = documented_blocks(heading)
    return [
        (body, [line for line in expected.splitlines() if line.strip()])
        for (kind, body), (next_kind, expected) in zip(blocks, blocks[1:], strict=False)
        if kind == "sh" and next_kind == "text"
    ]


SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SCHEMATHESIS_SUMMARY = re.compile(r"Test cases:\s+(\d+) generated, (\d+) passed")


def schemathesis(url, tmp_path, *, checks, max_examples, operations, headers=(), **options):
    """Run schemathesis over the OpenAPI document at `url` (a live server), assert it
    found nothing, tested all `operations` and passed every case; return how many cases
    it generated. `options` become CLI options (`workers=2` is `--workers 2`); `env` adds
    environment variables. Generation is deterministic, so CI repeats the same cases."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **options.pop("env", {})}
    command = [str(SCHEMATHESIS), "run", url, "-n", str(max_examples), "-c", ",".join(checks)]
    command += ["--generation-deterministic", "--no-color", "--request-timeout", "30"]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    command += [arg for header in headers for arg in ("-H", header)]
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        command,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,  # schemathesis keeps a cache of failures in the working directory
        env=env,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    summary = SCHEMATHESIS_SUMMARY.search(output)
    assert summary is not None, output[-3000:]
    generated, passed = (int(number) for number in summary.groups())
    assert generated == passed > 0
    assert f"Tested: {operations}" in output, output[-3000:]  # every operation
    return generated
