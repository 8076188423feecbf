"""Telling a run whose process died from one that is still working (importers/liveness.py)."""

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import connection

from providers.import_records import ImportRun
from providers.importers.liveness import file_lock_key, process_alive

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "nppes_sample.csv"


def test_process_alive_tells_a_live_process_from_a_finished_one():
    """SQLite's stand-in for the advisory lock."""
    here = socket.gethostname()
    assert process_alive(ImportRun(pid=os.getpid(), hostname=here))
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    assert not process_alive(ImportRun(pid=done.pid, hostname=here))
    assert not process_alive(ImportRun(pid=None, hostname=""))  # from before runs kept a pid
    # Another machine's process cannot be checked from here: assume it works.
    assert process_alive(ImportRun(pid=done.pid, hostname=f"not-{here}"))


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's (SQLite: pids)"
)
def test_an_import_marks_runs_nobody_is_running_as_interrupted_and_leaves_live_ones(
    vertebroplasty, tmp_path
):
    dead = ImportRun.objects.create(kind="volume", file_name="/data/medicare.csv")
    alive = ImportRun.objects.create(kind="nppes", file_name="/data/npidata.csv")
    # Another session holds the lock on `alive`'s file, as its importing process would.
    holder = connection.get_new_connection(connection.get_connection_params())
    holder.autocommit = True
    try:
        holder.execute("SELECT pg_advisory_lock(%s)", [file_lock_key(alive.kind, alive.file_name)])
        out = io.StringIO()
        call_command(
            "import_nppes",
            str(SAMPLE),
            "--single-thread",
            f"--reject-file={tmp_path / 'rejects.csv'}",
            stdout=out,
        )
    finally:
        holder.close()

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportRun.Status.INTERRUPTED
    assert "ended without finishing" in dead.message
    assert "nothing was saved: run it again" in dead.message  # no --resume for volume
    assert f"Run #{dead.pk} of /data/medicare.csv had stopped without finishing" in out.getvalue()
    assert alive.status == ImportRun.Status.RUNNING
