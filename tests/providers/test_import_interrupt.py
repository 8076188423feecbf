"""A real import process stopped mid-run loses no committed batch, and finishing the job
gives exactly the directory and reject report of one clean run.

The child is made to be mid-run deterministically, with no hook in the product: before
starting it, the test holds a row lock (SELECT ... FOR UPDATE) on a provider whose NPI
is in the file's second batch. The child commits batch 1, then its upsert of batch 2
waits on the lock; the test sees batch 1 committed, checks the child is still running,
stops it, and only then releases the lock.
"""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bench.synthetic import write_synthetic_nppes
from providers.import_records import ImportRun
from providers.importers.base import LineSource, parse_csv_line, read_header
from providers.importers.liveness import file_lock_key
from providers.importers.nppes import RowError, RowParser
from providers.models import Provider

from .test_import_nppes import directory_state, reject_rows

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000
BATCH = 200

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database that a second process can open (PostgreSQL)",
)


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
            f"--batch-size={BATCH}",
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
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def import_in_process(path, reject_file, *extra):
    out = io.StringIO()
    call_command(
        "import_nppes",
        str(path),
        f"--batch-size={BATCH}",
        f"--reject-file={reject_file}",
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def npi_in_second_batch(path):
    """An NPI the import upserts in its second batch (batches count written rows only)."""
    source = LineSource(path)
    parser = RowParser(read_header(source), {}, None, None)
    written = 0
    try:
        for _, text in source:
            try:
                kind, *payload = parser.parse(parse_csv_line(text))
            except (RowError, csv.Error, AttributeError):  # AttributeError: a BadLine
                continue
            if kind in ("provider", "deactivate"):
                written += 1
            if kind == "provider" and written > BATCH + BATCH // 2:
                return payload[0][0]
    finally:
        source.close()
    raise AssertionError("the file has no second batch")


def wait_for_first_commit(process):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = ImportRun.objects.filter(kind="nppes").first()
        if run and run.committed_line > 0:
            return run
        assert process.poll() is None, process.communicate()[1]
        time.sleep(0.05)
    raise AssertionError("the child committed no batch in 120 s")


def wait_until_file_lock_is_free(path):
    """A killed process's session ends when the server notices: wait for that."""
    key = file_lock_key(ImportRun.Kind.NPPES, str(path.resolve()))
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid::bigint = %s AND objid::bigint = %s",
                [key >> 32, key & 0xFFFFFFFF],
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the killed import's lock was never released")


def clean_import(path, tmp_path):
    """The directory and reject report one uninterrupted run gives (then wiped)."""
    import_in_process(path, tmp_path / "clean-rejects.csv")
    state = directory_state()
    Provider.objects.all().delete()
    ImportRun.objects.all().delete()
    return state, reject_rows(tmp_path / "clean-rejects.csv")


@pytest.fixture
def nppes_file(tmp_path):
    path = tmp_path / "nppes.csv"
    write_synthetic_nppes(path, ROWS, seed=3)
    return path


def stopped_mid_run(path, tmp_path, sig, while_running=None):
    """Start an import, stop it with `sig` while batch 2 waits on a held row lock."""
    held = npi_in_second_batch(path)
    Provider.objects.create(npi=held, first_name="HELD", last_name="BY THE TEST", state="TX")
    with transaction.atomic():
        Provider.objects.select_for_update().get(npi=held)
        process = start(path, tmp_path)
        wait_for_first_commit(process)
        assert process.poll() is None  # certainly mid-run: waiting on our lock
        if while_running:
            while_running()
        process.send_signal(sig)
        if sig == signal.SIGKILL:
            process.wait(timeout=60)
    _, stderr = process.communicate(timeout=120)
    return process, stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("sig", "finish"),
    [(signal.SIGTERM, []), (signal.SIGINT, ["--resume"])],
    ids=["SIGTERM, then the same command", "Ctrl-C, then --resume"],
)
def test_stopped_import_keeps_committed_batches_and_finishing_equals_one_clean_run(
    tmp_path, vertebroplasty, nppes_file, sig, finish
):
    clean_state, clean_rejects = clean_import(nppes_file, tmp_path)

    process, stderr = stopped_mid_run(nppes_file, tmp_path, sig)
    assert process.returncode == 130, stderr
    assert "Run the same command again" in stderr
    run = ImportRun.objects.get(kind="nppes")
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.committed_line > 0
    # Exactly the committed batches (and the provider the test made), nothing partial.
    assert Provider.objects.count() == run.inserted + 1

    import_in_process(nppes_file, tmp_path / "rejects.csv", *finish)
    final = ImportRun.objects.order_by("-pk").first()
    assert final.status == ImportRun.Status.COMPLETED
    assert directory_state() == clean_state
    assert reject_rows(tmp_path / "rejects.csv") == clean_rejects


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_killed_import_is_found_dead_and_resume_equals_one_clean_run(
    tmp_path, vertebroplasty, nppes_file
):
    clean_state, clean_rejects = clean_import(nppes_file, tmp_path)

    def a_second_import_is_refused():
        with pytest.raises(CommandError, match="Another import of .* is running right now"):
            import_in_process(nppes_file, tmp_path / "second-rejects.csv")

    process, _ = stopped_mid_run(nppes_file, tmp_path, signal.SIGKILL, a_second_import_is_refused)
    assert process.returncode == -signal.SIGKILL
    dead = ImportRun.objects.get(kind="nppes")
    assert dead.status == ImportRun.Status.RUNNING  # nobody recorded the end
    assert dead.committed_line > 0
    wait_until_file_lock_is_free(nppes_file)

    output = import_in_process(nppes_file, tmp_path / "rejects.csv", "--resume")
    assert f"Run #{dead.pk} of {nppes_file.resolve()} had stopped without finishing" in output
    assert f"Resuming after line {dead.committed_line:,} (run #{dead.pk})" in output
    dead.refresh_from_db()
    assert dead.status == ImportRun.Status.INTERRUPTED
    assert "The importing process ended without finishing" in dead.message
    final = ImportRun.objects.order_by("-pk").first()
    assert final.status == ImportRun.Status.COMPLETED
    assert final.rows_read == ROWS - (dead.committed_line - 1)
    assert directory_state() == clean_state
    assert reject_rows(tmp_path / "rejects.csv") == clean_rejects
