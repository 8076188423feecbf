"""A real HTTP receiver on 127.0.0.1 and a way to run the webhooks queue in a test.

The receiver is `http.server` in a thread: it verifies each delivery's signature
with the endpoint's secret, as a receiving app does, records what it got, and
answers with whatever status the test sets. Nothing in the HTTP path is mocked.

`run_webhook_tasks` runs the "webhooks" queue with django-tasks-db's own worker
(`Worker.run_task`, what `manage.py db_worker` calls), in the test's thread and
transaction, waiting in real time for retries that are not due yet. (Its polling
loop, `Worker.run`, closes connections between tasks, which would end the test's
transaction.)
"""

import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from webhooks.models import WebhookEndpoint
from webhooks.tasks import TASK_BACKEND

SECRET = "s3cret-for-tests-0123456789abcdef"


class Receiver:
    def __init__(self, secret=SECRET):
        self.secret = secret
        self.status = 200
        self.received = []  # dicts: at, headers, body, payload, verified
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = (
                    "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                )
                signature = self.headers.get("X-Webhook-Signature", "")
                receiver.received.append(
                    {
                        "at": time.monotonic(),
                        "headers": dict(self.headers),
                        "body": body,
                        "payload": json.loads(body),
                        "verified": hmac.compare_digest(expected, signature),
                    }
                )
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {receiver.status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def closed_port_url():
    """An address where nothing listens: a receiver that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/"


def make_endpoint(url, events, **kwargs):
    return WebhookEndpoint.objects.create(
        name="Receiving app", url=url, secret=SECRET, events=events, **kwargs
    )


def queued():
    return DBTaskResult.objects.filter(backend_name=TASK_BACKEND, status="READY")


def run_webhook_tasks(max_tasks=20, timeout=15):
    """Run queued webhook tasks until none is left (or ``max_tasks`` have run)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name=TASK_BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    deadline = time.monotonic() + timeout
    ran = 0
    while ran < max_tasks and queued().exists():
        assert time.monotonic() < deadline, "queued webhook tasks never became due"
        with exclusive_transaction():
            task = queued().ready().get_locked()
            if task is not None:
                task.claim(worker.worker_id)
        if task is None:
            time.sleep(0.02)  # a retry not due yet
            continue
        worker.run_task(task)
        ran += 1
    return ran
