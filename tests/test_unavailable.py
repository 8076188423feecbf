"""With the database unreachable, pages and the API say 503 and when to retry, not 500."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .support import PRODUCTION_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = PRODUCTION_SECRET_KEY
REQUESTS = """
import django, json
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in ("/procedures/vertebroplasty/", "/api/v2/pages/", "/api/v3/pages/"):
    r = client.get(path, HTTP_HOST="www.example.org", secure=True)
    print(json.dumps([path, r.status_code, r.get("Retry-After"), r.content.decode(),
                      r["Content-Type"]]))
"""


def test_an_unreachable_database_is_a_503_with_retry_after():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "www.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",  # nothing listens
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", REQUESTS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    page, api, api_v3 = (json.loads(line) for line in result.stdout.splitlines())
    assert page[1:3] == [503, "5"]
    assert "Temporarily unavailable" in page[3]
    assert api[1:3] == [503, "5"]
    body = json.loads(api[3])
    assert body["message"].startswith("unavailable:")
    assert body["errors"] == {}  # the documented error shape (components.responses.503)
    # API v3 says it in its own shape, a problem detail (docs/api.md#what-v3-serves-here).
    assert api_v3[1:3] == [503, "5"]
    assert api_v3[4] == "application/problem+json"
    assert json.loads(api_v3[3])["status"] == 503
