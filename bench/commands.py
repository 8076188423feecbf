"""Run `manage.py` commands as child processes, logged, timed and with peak RSS.

Imports run in their own process, as they do in production, so their memory is
theirs alone (see `bench.rss`) and their output goes to ``.bench/logs/`` rather
than the results table.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

from .config import OUT_DIR, ROOT, SETTINGS

LOG_DIR = OUT_DIR / "logs"
COMMANDS_DIR = ROOT / "providers" / "management" / "commands"


class CommandFailed(RuntimeError):
    pass


@dataclass
class Run:
    seconds: float
    maxrss_kib: int
    summary: dict | None = None

    @property
    def maxrss_mb(self):
        """Peak RSS in MB (10^6 bytes), the unit of the targets."""
        return self.maxrss_kib * 1024 / 1e6


def has_command(name):
    return (COMMANDS_DIR / f"{name}.py").exists()


def child_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(database_url, *args, log, json_summary=None):
    """Run ``manage.py ARGS`` under `bench.rss`; raise CommandFailed on a non-zero exit."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{log}.log"
    rss_path = LOG_DIR / f"{log}.rss.json"
    argv = [str(a) for a in args]
    if json_summary:
        json_summary.unlink(missing_ok=True)
        argv += ["--json-summary", str(json_summary)]
    command = [sys.executable, "-m", "bench.rss", str(rss_path)]
    command += [sys.executable, "manage.py", *argv]
    with log_path.open("w", encoding="utf-8") as out:
        out.write("$ manage.py " + " ".join(argv) + "\n")
        out.flush()
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            command, cwd=ROOT, env=child_env(database_url), stdout=out, stderr=subprocess.STDOUT
        )
    if done.returncode:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise CommandFailed(
            f"manage.py {' '.join(argv)} exited with {done.returncode}; "
            f"last lines of {log_path.relative_to(ROOT)}:\n" + "\n".join(tail)
        )
    measured = json.loads(rss_path.read_text(encoding="utf-8"))
    summary = None
    if json_summary:
        summary = json.loads(json_summary.read_text(encoding="utf-8"))
    return Run(measured["seconds"], measured["maxrss_kib"], summary)
