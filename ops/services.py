"""A private PostgreSQL cluster and Redis for one run, on their own ports.

The fault tests restart PostgreSQL and stop Redis; doing that to the machine's
shared servers would break everyone else's work. So each run starts its own: a
cluster made by `initdb` in a temporary folder and a `redis-server` with no
persistence, both listening on 127.0.0.1 only, and removed afterwards.

`initdb` and `pg_ctl` refuse to run as root; as root they run through
`runuser -u postgres`, in folders owned by that user.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")


class ServiceUnavailable(RuntimeError):
    """A binary this harness needs is not installed (the message says how to get it)."""


def free_port(start, end):
    """The first port in [start, end) that nothing listens on."""
    for port in range(start, end):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}-{end}")


def wait_for_port(port, timeout, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def pg_bin():
    for folder in PG_BIN_CANDIDATES:
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ServiceUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) are missing: apt-get install -y postgresql-15"
    )


class PrivatePostgres:
    """A throwaway PostgreSQL cluster: `start()`, `stop()`, `restart()`, `close()`."""

    def __init__(self, port, workdir):
        self.port = port
        self.bin = pg_bin()
        self.root = Path(workdir) / "pg"
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "postgresql.log"
        self.as_root = os.geteuid() == 0

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/cms_ops"

    @property
    def maintenance_url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv, check=True):
        command = [str(self.bin / argv[0]), *map(str, argv[1:])]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            command, check=check, capture_output=True, text=True, timeout=120
        )

    def init(self):
        self.socket_dir.mkdir(parents=True)
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with (self.data / "postgresql.conf").open("a") as conf:
            # Speed over durability: the cluster lives for one run. fsync stays on
            # for the restart test's sake (a fast shutdown still flushes).
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "synchronous_commit = off\n"
                "max_connections = 100\n"
                "shared_buffers = 64MB\n"
            )

    def start(self):
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop")

    def create_database(self):
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "cms_ops")

    def close(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)


class PrivateRedis:
    """A `redis-server` with no persistence: `start()`, `stop()`, `close()`."""

    def __init__(self, port, workdir):
        self.port = port
        self.workdir = Path(workdir)
        self.process = None
        if not shutil.which("redis-server"):
            raise ServiceUnavailable("redis-server is missing: apt-get install -y redis-server")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        log = (self.workdir / "redis.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 - redis-server from the system
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(self.port, 15, self.process):
            raise RuntimeError(f"redis-server did not listen on {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None

    close = stop


def workdir(prefix="cms-ops-"):
    """A temporary folder readable by the postgres user (initdb runs as that user)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path
