"""What tests that start real processes share: free ports, the test database's URL,
Redis, and a secret key production settings accept."""

import re
import socket
from pathlib import Path

import pytest

from django.db import connection

# 50+ characters, many distinct: production's start-up check takes it.
PRODUCTION_SECRET_KEY = "tests-only-9fK2pQx7Lm4Rv8Zb1Nc6Wd3Hy5Tg0Js-aE7uI2oP4sD6fG8hJ1kL3"


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


API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
# Where docs/api.md's examples say the site is (`make run`); tests swap in their server.
DOCUMENTED_BASE = "http://127.0.0.1:8000"


def documented_examples(heading):
    """The (shell script, expected output lines) pairs of one section of docs/api.md:
    each ```sh block followed by a ```text block, as a reader would copy them."""
    text = API_DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(sh|text)\n(.*?)```", section, flags=re.DOTALL)
    return [
        (body, [line for line in expected.splitlines() if line.strip()])
        for (kind, body), (next_kind, expected) in zip(blocks, blocks[1:], strict=False)
        if kind == "sh" and next_kind == "text"
    ]
