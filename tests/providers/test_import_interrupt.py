"""A real import process killed mid-run loses no committed batch, and a re-run completes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.db import connection

from bench.synthetic import write_synthetic_nppes
from providers.importers.run import ImportRun
from providers.models import Provider

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def start(path, tmp_path, *extra):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "import_nppes",
            str(path),
            "--batch-size=200",
            f"--reject-file={tmp_path / 'rejects.csv'}",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal: a shell that starts the test run in the background makes
        # it (and so its children) ignore SIGINT, and Ctrl-C would then never arrive.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_import_keeps_committed_batches_and_rerun_completes(tmp_path, vertebroplasty, sig):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that a second process can open (PostgreSQL)")
    path = tmp_path / "nppes.csv"
    write_synthetic_nppes(path, 40_000, seed=3)

    process = start(path, tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = ImportRun.objects.filter(kind="nppes").first()
        if run and run.committed_line > 0:
            break
        time.sleep(0.05)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Run the same command again" in stderr

    run = ImportRun.objects.get(kind="nppes")
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.committed_line > 0
    committed = Provider.objects.count()
    assert committed == run.inserted > 0  # exactly the committed batches, nothing partial

    rerun = start(path, tmp_path)
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    final = ImportRun.objects.filter(kind="nppes").order_by("-pk").first()
    assert final.status == ImportRun.Status.COMPLETED
    assert final.unchanged == committed  # what was committed is found again, unchanged
    assert Provider.objects.count() == committed + final.inserted
    assert final.rows_read == 40_000
