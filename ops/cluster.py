"""Two app servers behind a local HAProxy, sharing one PostgreSQL and one Redis.

The tested recipe of docs/deployment.md, started on 127.0.0.1 only, for
`make loadtest`, `make faulttest` and tests/ops/:

    client -> HAProxy :82xx -> gunicorn app1 :82xx  \\
                           -> gunicorn app2 :82xx  -> PostgreSQL :554xx, Redis :563xx

Each app server runs production settings exactly as an operator would
(`gunicorn -c python:cms.gunicorn cms.wsgi:application`, collecting its own
static files on start, a secret key generated for the run) with its own
STATIC_ROOT, as two machines would have; media are one shared folder (object
storage in a real deployment). HAProxy sets X-Forwarded-Proto, so production's
HTTPS redirect stays on. The database is a private cluster (`ops.services`) with
the demo content and a few thousand synthetic providers.

A `Variant` is a set of extra environment variables for the app servers:
"uncached" renders every request, "cached" serves anonymous pages from the shared
full-page cache (core.http_cache.page_cache); LOADTEST_VARIANT / FAULTTEST_VARIANT
pick one.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import services

ROOT = Path(__file__).resolve().parent.parent
PROXY_PORTS = (8200, 8300)
PG_PORTS = (55432, 55532)
REDIS_PORTS = (56379, 56479)
DEFAULT_PROVIDERS = 3000
WORKERS_PER_SERVER = 2
THREADS_PER_WORKER = 4


@dataclass(frozen=True)
class Variant:
    name: str
    env: dict = field(default_factory=dict)


# Production turns the anonymous full-page cache on (PAGE_CACHE_SECONDS, default 300):
# "uncached" renders every request, "cached" is production as deployed.
VARIANTS = {
    "uncached": Variant("uncached", {"PAGE_CACHE_SECONDS": "0"}),
    "cached": Variant("cached", {"PAGE_CACHE_SECONDS": "300"}),
}


def haproxy_binary():
    found = shutil.which("haproxy") or (Path("/usr/sbin/haproxy").exists() and "/usr/sbin/haproxy")
    if not found:
        raise services.ServiceUnavailable(
            "HAProxy is missing: apt-get install -y haproxy (Debian's 2.6 is what is tested)"
        )
    return found


def check_requirements():
    """Raise ServiceUnavailable naming what to install, before anything starts."""
    haproxy_binary()
    services.pg_bin()
    if not shutil.which("redis-server"):
        raise services.ServiceUnavailable(
            "redis-server is missing: apt-get install -y redis-server"
        )


HAPROXY_CONFIG = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 10s
    # A GET whose server vanished mid-answer (a killed worker) or refused the
    # connection is sent again, to the other server: reads are idempotent.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend web
    bind 127.0.0.1:{port}
    option forwardfor
    # TLS would end here in production; the app trusts this header for HTTPS.
    http-request set-header X-Forwarded-Proto https
    default_backend app

backend app
    balance leastconn
    # Never replay a write: only GET and HEAD are retried.
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost hdr X-Forwarded-Proto https
    http-check expect status 200
{servers}
"""


class AppServer:
    """One gunicorn master (production settings) and its workers."""

    def __init__(self, name, port, env, logdir):
        self.name = name
        self.port = port
        self.env = env
        self.log_path = logdir / f"{name}.log"
        self.process = None

    def start(self):
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:cms.gunicorn", "cms.wsgi:application"],
            cwd=ROOT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout=180):
        url = f"http://127.0.0.1:{self.port}/readyz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            if http_status(url, headers={"X-Forwarded-Proto": "https"}) == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout} s")

    def workers(self):
        """The worker process ids (children of the master)."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def http_status(url, headers=None, timeout=5):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return json.loads(response.read())


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class Cluster:
    """Start everything with `start()` (or as a context manager), stop it with `close()`."""

    def __init__(self, providers=DEFAULT_PROVIDERS, variant="uncached", quiet=False):
        check_requirements()
        self.variant = VARIANTS[variant]
        self.providers = providers
        self.quiet = quiet
        self.workdir = services.workdir()
        self.logdir = self.workdir / "logs"
        self.logdir.mkdir()
        self.postgres = services.PrivatePostgres(services.free_port(*PG_PORTS), self.workdir)
        self.redis = services.PrivateRedis(services.free_port(*REDIS_PORTS), self.workdir)
        self.proxy_port = services.free_port(*PROXY_PORTS)
        self.proxy = None
        self.servers = []
        self.secret_key = secrets.token_urlsafe(50)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.proxy_port}"

    def log(self, message):
        if not self.quiet:
            say(message)

    def env(self, **extra):
        """The production environment every app server and manage.py command gets."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "PUBLIC_BASE_URL": self.base_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "API_THROTTLE_RATE": "off",  # measure the site, not its rate limit
            "WEB_CONCURRENCY": str(WORKERS_PER_SERVER),
            "GUNICORN_THREADS": str(THREADS_PER_WORKER),
            "GUNICORN_ACCESS_LOG": "",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            **self.variant.env,
            **extra,
        }
        env.pop("MEDIA_S3_BUCKET", None)
        return env

    def manage(self, *args, log):
        path = self.logdir / f"{log}.log"
        with path.open("a") as out:
            done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", *map(str, args)],
                cwd=ROOT,
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if done.returncode:
            tail = "\n".join(path.read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"manage.py {' '.join(map(str, args))} failed:\n{tail}")

    def start(self):
        started = time.monotonic()
        self.postgres.init()
        self.postgres.start()
        self.postgres.create_database()
        self.redis.start()
        self.log(f"  PostgreSQL :{self.postgres.port}, Redis :{self.redis.port}")
        self.load_content()
        first = services.free_port(self.proxy_port + 1, PROXY_PORTS[1])
        second = services.free_port(first + 1, PROXY_PORTS[1])
        for name, port in (("app1", first), ("app2", second)):
            env = self.env(STATIC_ROOT=str(self.workdir / f"static-{name}"))
            self.servers.append(AppServer(name, port, env, self.logdir))
        for server in self.servers:
            server.start()
        for server in self.servers:
            server.wait_ready()
        self.start_proxy()
        self.log(
            f"  HAProxy {self.base_url} -> app1 :{first}, app2 :{second} "
            f"({WORKERS_PER_SERVER} workers x {THREADS_PER_WORKER} threads each); "
            f"ready in {time.monotonic() - started:.0f} s"
        )
        return self

    def load_content(self):
        self.log("  migrate, demo content, synthetic providers ...")
        self.manage("migrate", "--noinput", log="migrate")
        self.manage("load_demo_content", log="demo")
        if self.providers:
            csv = self.workdir / "providers.csv"
            subprocess.run(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "bench.synthetic", csv, str(self.providers)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            self.manage("import_nppes", csv, log="import")

    def start_proxy(self):
        servers = "\n".join(
            f"    server {s.name} 127.0.0.1:{s.port} check inter 1s fall 2 rise 1"
            for s in self.servers
        )
        config = self.workdir / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.proxy_port, servers=servers))
        log = (self.logdir / "haproxy.log").open("a")
        self.proxy = subprocess.Popen(  # noqa: S603 - Debian's haproxy
            [haproxy_binary(), "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited; see {self.logdir / 'haproxy.log'}")
            if http_status(self.base_url + "/readyz") == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("haproxy did not serve /readyz within 30 s")

    next_edition = 1  # ops.faults numbers the editions it publishes

    def procedure(self):
        """The first procedure page, as the API lists it: the one scenarios edit."""
        if not hasattr(self, "_procedure"):
            # English: the scenarios read it at /procedures/<slug>/ (the API lists every
            # language's pages unless asked for one).
            url = self.base_url + "/api/v2/pages/?type=procedures.ProcedurePage&limit=1&locale=en"
            self._procedure = get_json(url)["items"][0]
        return self._procedure

    def procedure_id(self):
        return self.procedure()["id"]

    def procedure_slug(self):
        return self.procedure()["meta"]["slug"]

    def url_mix(self):
        """[(group, path)]: every page type and API view the site serves, from its own API."""
        base = self.base_url
        pages = get_json(base + "/api/v2/pages/?type=procedures.ProcedurePage&limit=20&locale=en")
        procedures = [(p["id"], p["meta"]["slug"]) for p in pages["items"]]
        mix = [("home", "/"), ("home", "/procedures/"), ("home", "/articles/")]
        states = []
        for page_id, slug in procedures:
            mix.append(("procedure page", f"/procedures/{slug}/"))
            mix.append(("api detail", f"/api/v2/pages/{page_id}/"))
            answer = get_json(f"{base}/api/v2/providers/states/?procedure={slug}")
            for state in sorted(answer["states"], key=lambda s: -s["count"])[:3]:
                if state["count"]:
                    path = state["url"].removeprefix(base)
                    states.append(path)
                    mix.append(("state page", path))
                    mix.append(
                        ("api list", f"/api/v2/providers/?procedure={slug}&state={state['state']}")
                    )
        providers = get_json(base + "/api/v2/providers/?limit=20")["items"]
        for provider in providers:
            profile = provider.get("profile_url") or provider["meta"]["profile_url"]
            mix.append(("profile", profile.removeprefix(base)))
            mix.append(("api detail", f"/api/v2/providers/{provider['id']}/"))
        mix.append(("api list", "/api/v2/pages/?type=procedures.ProcedurePage&fields=*"))
        mix.append(("api list", "/api/v2/providers/?limit=50"))
        surnames = sorted({p["display_name"].split()[-1] for p in providers})[:5]
        for word in [*surnames, "knee", "spine"]:
            mix.append(("search", f"/api/v2/providers/?search={word}"))
            mix.append(("search", f"/api/v2/pages/?search={word}"))
        return mix

    def close(self):
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(timeout=15)
        for server in self.servers:
            server.stop()
        self.redis.close()
        self.postgres.close()
        if os.environ.get("OPS_KEEP_WORKDIR") != "1":
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()


def run_workload(cluster, mix, seconds, connections):
    """Start `ops.workload` in its own process; return (process, result path)."""
    urls = cluster.workdir / f"urls-{time.monotonic_ns()}.json"
    urls.write_text(json.dumps(mix))
    out = cluster.workdir / f"result-{time.monotonic_ns()}.json"
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [
            sys.executable,
            "-m",
            "ops.workload",
            cluster.base_url,
            str(urls),
            "--seconds",
            str(seconds),
            "--connections",
            str(connections),
            "--out",
            str(out),
        ],
        cwd=ROOT,
    )
    return process, out


def finish_workload(process, out, timeout):
    if process.wait(timeout=timeout) != 0:
        raise RuntimeError(f"ops.workload exited with {process.returncode}")
    return json.loads(out.read_text())
