"""Request ids, JSON logs and Sentry: what an operator reads when something fails."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .support import PRODUCTION_SECRET_KEY, migrated_database_url

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = PRODUCTION_SECRET_KEY
REQUEST_ID = "proxy-5f2c9a1e-0001"

# A production process that serves one request whose view fails, as a bug would.
FAILING_REQUEST = f"""
import django
django.setup()
import sentry_sdk
from django.test import Client
from django.urls import path
from cms import urls

def broken(request):
    raise RuntimeError("the view failed")

urls.urlpatterns.insert(0, path("broken/", broken))
response = Client(raise_request_exception=False).get(
    "/broken/", HTTP_HOST="www.example.org", secure=True, HTTP_X_REQUEST_ID="{REQUEST_ID}"
)
print("STATUS", response.status_code, response["X-Request-ID"])
sentry_sdk.flush(timeout=5)
"""


def run_in_production(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "SENTRY_DSN", "LOG_LEVEL"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="www.example.org",
        DATABASE_URL=migrated_database_url(),
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_responses_carry_a_request_id(client, db):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz")["X-Request-ID"] != made  # one per request
    # The proxy's id is kept, so one id follows the request through every hop...
    assert client.get("/healthz", HTTP_X_REQUEST_ID=REQUEST_ID)["X-Request-ID"] == REQUEST_ID
    # ...unless it is not a plain short token (it is written into logs verbatim).
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')["X-Request-ID"]
    assert forged != 'x" injected\nline'
    assert len(forged) == 32


@pytest.mark.django_db
def test_production_logs_are_json_lines_with_the_request_id():
    result = run_in_production()
    assert f"STATUS 500 {REQUEST_ID}" in result.stdout, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    error = next(r for r in records if r["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == REQUEST_ID
    assert "/broken/" in error["message"]
    assert "RuntimeError: the view failed" in error["exc_info"]


class SentryIngest(BaseHTTPRequestHandler):
    """A stand-in for sentry.io's ingest endpoint: records every envelope posted to it."""

    envelopes: list

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.envelopes.append(body.decode("utf-8", "replace"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.mark.django_db
def test_errors_go_to_sentry_with_the_request_id_and_no_personal_data(sentry_server):
    port = sentry_server.server_address[1]
    result = run_in_production(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1")
    assert "STATUS 500" in result.stdout, result.stderr
    events = [
        json.loads(line)
        for envelope in sentry_server.envelopes
        for line in envelope.splitlines()
        if '"exception"' in line
    ]
    assert len(events) == 1, sentry_server.envelopes
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == REQUEST_ID
    assert "cookies" not in event["request"]
    assert "user" not in event or not event["user"].get("ip_address")
