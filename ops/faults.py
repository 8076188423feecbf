"""The fault scenarios of `make faulttest`, each against a running `ops.cluster.Cluster`.

Each function runs the mixed read workload (`ops.workload`, its own process)
while it breaks one thing, and returns a `Scenario`: its figures and the checks
that passed or failed. tests/ops/test_faults.py asserts the checks; `python -m
ops.faulttest` prints them as a table. Times are wall-clock (`time.time()`) in
both processes, so a failed request can be placed before, during or after the
outage. Nothing here asserts a speed except the 5 s recovery the issue sets.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from .cluster import ROOT, finish_workload, run_workload

RECOVERY_LIMIT_SECONDS = 5.0
CONNECTIONS = 8  # enough to keep both servers busy, few enough for a shared 2-core machine


@dataclass
class Scenario:
    name: str
    figures: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)  # what must hold -> did it

    @property
    def passed(self):
        return all(self.checks.values())

    def failed_checks(self):
        return [name for name, ok in self.checks.items() if not ok]


def editor(cluster, *args):
    """Run `ops.editor` with the app servers' production environment."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "ops.editor", *map(str, args)],
        cwd=ROOT,
        env=cluster.env(),
        stdout=subprocess.PIPE,
        text=True,
    )


def editor_result(process, timeout=300):
    out, _ = process.communicate(timeout=timeout)
    if process.returncode:
        raise RuntimeError(f"ops.editor exited with {process.returncode}")
    return out


def masters(cluster):
    return [server.process.pid for server in cluster.servers]


def restart_postgres(cluster, mix, down_seconds=2.0, lead_seconds=5.0, tail_seconds=10.0):
    """PostgreSQL stops (fast shutdown: sessions cut) and starts again under load.

    Errors only between the stop and RECOVERY_LIMIT_SECONDS after the start; the
    app servers are the same processes before and after; drafts saved through the
    restart are each committed whole or refused.
    """
    seconds = lead_seconds + down_seconds + tail_seconds + 5
    before = masters(cluster)
    page_id = cluster.procedure_id()
    writes_log = cluster.workdir / "writes.json"
    writer = editor(cluster, "write", page_id, "--seconds", seconds - 2, "--out", writes_log)
    writer.stdout.readline()  # "ready": Django is set up, the first write is next
    load, out = run_workload(cluster, mix, seconds, CONNECTIONS)
    time.sleep(lead_seconds)
    down = time.time()
    cluster.postgres.stop("fast")
    time.sleep(down_seconds)
    cluster.postgres.start()
    up = time.time()
    result = finish_workload(load, out, seconds + 120)
    editor_result(writer)
    verdict = json.loads(editor_result(editor(cluster, "verify", page_id, writes_log)))
    failures = [f["time"] for f in result["failures"]]
    last_failure = max(failures, default=None)
    recovery = max(0.0, last_failure - up) if last_failure else 0.0
    scenario = Scenario("PostgreSQL restart under load")
    scenario.figures = {
        "requests": result["groups"]["all"]["requests"],
        "failed requests": len(failures),
        "down (stop to started)": f"{up - down:.1f} s",
        "recovery after start": f"{recovery:.1f} s",
        "editorial writes": verdict["writes"],
        "writes committed": verdict["committed"],
        "writes refused": verdict["refused"],
        "refused but saved whole": len(verdict["refused_but_saved"]),
    }
    scenario.checks = {
        "no failure before the stop": all(t >= down for t in failures),
        f"recovered within {RECOVERY_LIMIT_SECONDS:.0f} s of the start": recovery
        <= RECOVERY_LIMIT_SECONDS,
        "served again after the restart": any(
            second > up + RECOVERY_LIMIT_SECONDS and served
            for second, served, _ in result["timeline"]
        ),
        "same app server processes (no restart)": masters(cluster) == before
        and all(s.process.poll() is None for s in cluster.servers),
        "every committed write saved once": not verdict["committed_missing"]
        and not verdict["committed_twice"],
        "no unreadable revision": verdict["unreadable_revisions"] == 0,
        "page points at its newest revision": verdict["latest_revision_is_newest"],
        "writes were attempted while it was down": any(
            down <= w["started"] <= up for w in json.loads(writes_log.read_text())
        ),
        "some writes committed after the restart": any(
            w["started"] > up and w["outcome"] == "committed"
            for w in json.loads(writes_log.read_text())
        ),
    }
    scenario.figures["_failures"] = result["failures"][:20]
    scenario.figures["_writes"] = json.loads(writes_log.read_text())[:200]
    scenario.figures["_down_up"] = [down, up]
    return scenario


def stop_redis(cluster, mix, lead_seconds=4.0, down_seconds=8.0, tail_seconds=4.0):
    """Redis stops under load and comes back: no request fails meanwhile."""
    seconds = lead_seconds + down_seconds + tail_seconds
    load, out = run_workload(cluster, mix, seconds, CONNECTIONS)
    time.sleep(lead_seconds)
    down = time.time()
    cluster.redis.stop()
    time.sleep(down_seconds)
    cluster.redis.start()
    up = time.time()
    result = finish_workload(load, out, seconds + 120)
    scenario = Scenario("Redis stopped under load")
    scenario.figures = {
        "requests": result["groups"]["all"]["requests"],
        "failed requests": len(result["failures"]),
        "Redis down": f"{up - down:.1f} s",
    }
    scenario.checks = {"no failed request": not result["failures"]}
    scenario.figures["_failures"] = result["failures"][:20]
    return scenario


def kill_worker(cluster, mix, lead_seconds=4.0, tail_seconds=8.0):
    """SIGKILL one gunicorn worker under load: at most the requests it held fail."""
    seconds = lead_seconds + tail_seconds
    server = cluster.servers[0]
    workers = server.workers()
    load, out = run_workload(cluster, mix, seconds, CONNECTIONS)
    time.sleep(lead_seconds)
    os.kill(workers[0], signal.SIGKILL)
    killed = time.time()
    result = finish_workload(load, out, seconds + 120)
    replaced = wait_for(lambda: len(server.workers()) == len(workers), 30)
    scenario = Scenario("gunicorn worker killed under load")
    scenario.figures = {
        "requests": result["groups"]["all"]["requests"],
        "failed requests": len(result["failures"]),
        "worker replaced": "yes" if replaced else "no",
    }
    scenario.checks = {
        # A gthread worker holds up to THREADS_PER_WORKER requests; HAProxy sends the
        # reads among them to the other server, so at most the one in flight fails.
        "at most the one request in flight failed": len(result["failures"]) <= 1,
        "failures only at the kill": all(abs(f["time"] - killed) < 2 for f in result["failures"]),
        "the master started a new worker": replaced,
    }
    scenario.figures["_failures"] = result["failures"][:20]
    return scenario


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


EDITION_MARK = re.compile(r"ops-edition-(\d+)")


class Reader(threading.Thread):
    """Polls one URL and records (sent, answered, editions seen, status) per answer."""

    def __init__(self, url, stop):
        super().__init__(daemon=True)
        self.url, self.stop, self.seen = url, stop, []

    def run(self):
        while not self.stop.is_set():
            sent = time.time()
            try:
                with urllib.request.urlopen(self.url, timeout=30) as response:  # noqa: S310
                    body, status = response.read().decode(), response.status
            except urllib.error.HTTPError as error:
                body, status = "", error.code
            except (OSError, http.client.HTTPException):  # refused, reset, or cut short
                body, status = "", None
            marks = [int(m) for m in EDITION_MARK.findall(body)]
            self.seen.append((sent, time.time(), marks, status))


def publish_during_load(cluster, mix, editions=10, interval=0.5):
    """Publish editions of a page while it and its API detail are read under load.

    Every answer must be entirely one edition (the marker in two fields agrees),
    and any request sent after an edition was committed must show it or a newer
    one: that is "the next request sees the new version" (and, once a page cache
    exists, "purged within one request").
    """
    page_id = cluster.procedure_id()
    base = cluster.base_url
    slug = cluster.procedure_slug()
    first = cluster.next_edition
    prime = editor(cluster, "publish", page_id, first, first, "--interval", 0, "--out", os.devnull)
    editor_result(prime)
    seconds = editions * (interval + 1.5) + 10
    load, out = run_workload(cluster, mix, seconds, CONNECTIONS // 2)
    stop = threading.Event()
    readers = [
        Reader(f"{base}/procedures/{slug}/", stop),
        Reader(f"{base}/procedures/{slug}/", stop),
        Reader(f"{base}/api/v2/pages/{page_id}/", stop),
        Reader(f"{base}/api/v2/pages/{page_id}/", stop),
    ]
    for reader in readers:
        reader.start()
    log_path = cluster.workdir / "publish.json"
    last = first + editions
    editor_result(
        editor(
            cluster, "publish", page_id, first + 1, last, "--interval", interval, "--out", log_path
        )
    )
    cluster.next_edition = last + 1
    time.sleep(1)
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
    result = finish_workload(load, out, seconds + 120)
    published = json.loads(log_path.read_text())
    answers = [answer for reader in readers for answer in reader.seen]
    mixed = [a for a in answers if a[3] == 200 and (len(set(a[2])) != 1 or len(a[2]) < 2)]
    stale = []
    for sent, _, marks, status in answers:
        if status != 200 or not marks:
            continue
        due = max((p["edition"] for p in published if p["committed"] < sent), default=first)
        if max(marks) < due:
            stale.append((sent, marks, due))
    final = [
        EDITION_MARK.findall(fetch(f"{base}/procedures/{slug}/")),
        EDITION_MARK.findall(fetch(f"{base}/api/v2/pages/{page_id}/")),
    ]
    scenario = Scenario("publish under load")
    scenario.figures = {
        "editions published": editions,
        "page and API reads": len(answers),
        "reads with a mix of editions": len(mixed),
        "reads older than the last commit": len(stale),
        "background requests": result["groups"]["all"]["requests"],
        "failed requests": len(result["failures"]) + sum(1 for a in answers if a[3] != 200),
    }
    scenario.checks = {
        "every read entirely one edition": not mixed,
        "no read older than an edition committed before it was sent": not stale,
        "after the last publish, page and API show it": all(
            marks and {int(m) for m in marks} == {last} for marks in final
        ),
        "no failed request": not result["failures"] and all(a[3] == 200 for a in answers),
        "readers saw several editions": len({max(a[2]) for a in answers if a[2]}) > 2,
    }
    scenario.figures["_failures"] = (result["failures"] + [list(m) for m in mixed + stale])[:20]
    return scenario


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return response.read().decode()


SCENARIOS = {
    "postgres": restart_postgres,
    "redis": stop_redis,
    "worker": kill_worker,
    "publish": publish_during_load,
}
