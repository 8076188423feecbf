"""gunicorn for the HTTP load test, and the load generator in a second process.

gunicorn as production would run it (DEBUG off, persistent DB connections),
with 2 workers × 2 threads for a 2-core machine; the load generator is another
process, so client and server each get their own interpreter lock.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from .commands import LOG_DIR, child_env
from .config import ROOT

WORKERS = 2
THREADS = 2


class ServerFailed(RuntimeError):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url, timeout=60, **env):
    """Start gunicorn on a free port, yield its base URL once /healthz answers, stop it.

    `env` adds environment variables (settings) for this server only.
    """
    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = (LOG_DIR / "gunicorn.log").open("w", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        "-w",
        str(WORKERS),
        "-k",
        "gthread",
        "--threads",
        str(THREADS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        command,
        cwd=ROOT,
        env={**child_env(database_url), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base + "/healthz", timeout)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_ready(process, url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"gunicorn exited with {process.returncode}; see .bench/logs/")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - localhost
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise ServerFailed(f"gunicorn did not answer {url} within {timeout} s")


def load(base, path, threads, duration, warmup, headers=None):
    """Run `bench.loadgen` against base+path and return its JSON result."""
    command = [sys.executable, "-m", "bench.loadgen", base, path]
    command += ["--threads", str(threads), "--duration", str(duration), "--warmup", str(warmup)]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(  # noqa: S603 - our own interpreter
        command, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def etag(base, path):
    """The ETag a plain GET of base+path answers with (what a client would send back)."""
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - localhost
        return response.headers["ETag"]
