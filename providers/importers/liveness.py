"""Tell an import that is still working from one whose process died.

A run records `running` when it starts and its outcome when it ends, but a process
killed with SIGKILL (or on a machine that stops) never records the end: its run
would say `running` forever and `--resume`, which continues stopped runs, would
never pick it up. So while it works, an importing process holds a PostgreSQL
session advisory lock for the file it imports, on a connection of its own, taken
before its run is recorded and kept until the run's end is. The server drops the
lock the moment that session ends, however the process ended. Hence:

- a new import of the same file cannot take the lock while one really runs, and
  is refused with a message naming the running one;
- a `running` run whose file's lock nobody holds has no process any more: the next
  import marks it interrupted (its committed batches are safe) and `--resume`
  continues from its committed position.

SQLite (demos only) has no advisory locks: there the run's pid and host stand in.
"""

import hashlib
import os
import socket

from django.db import connection
from django.utils import timezone

from ..import_records import ImportRun

DEAD_RUN_MESSAGE = (
    "The importing process ended without finishing (killed, or its machine stopped); "
    "found by a later import at {now:%Y-%m-%d %H:%M:%S %Z}. "
)
RESUMABLE = "Lines up to {line:,} are committed: --resume continues from there."
NOT_RESUMABLE = "This importer saves everything at its end, so nothing was saved: run it again."
RERUN = "Lines up to {line:,} are applied: run it again to finish (what is done is skipped)."


# Importers that commit in batches and continue with `--resume` (the Medicare payment
# files of the `costs` app publish their year only at the end, so resuming is safe).
RESUMABLE_KINDS = (
    ImportRun.Kind.NPPES,
    ImportRun.Kind.PFS_RVU,
    ImportRun.Kind.PFS_GPCI,
    ImportRun.Kind.PFS_LOCALITY,
    ImportRun.Kind.OPPS,
    ImportRun.Kind.ASC,
)


class ImportBusy(ValueError):
    """Another process is importing the same file right now."""


def this_process():
    """The pid and host an ImportRun records, to recognise its process later."""
    return {"pid": os.getpid(), "hostname": socket.gethostname()[:255]}


def file_lock_key(kind, file_name):
    """A stable, non-negative 63-bit advisory lock key for importing one file."""
    digest = hashlib.sha256(f"procedures-cms import {kind} {file_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


class FileClaim:
    """Held while one process imports one file (a context manager).

    On entry: refuses (`ImportBusy`) if another live process imports the file, and
    marks every `running` run of any importer whose process is gone as interrupted
    (`found_dead` lists them). On exit, whatever happened, lets go of the file.
    """

    def __init__(self, kind, path):
        self.kind = kind
        self.file_name = str(path.resolve())
        self.key = file_lock_key(kind, self.file_name)
        self.found_dead = []
        self._lock_connection = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            self._lock_connection = connection.get_new_connection(
                connection.get_connection_params()
            )
            self._lock_connection.autocommit = True
            with self._lock_connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                if not cursor.fetchone()[0]:
                    self.release()
                    raise ImportBusy(self.busy_message())
        else:
            busy = [run for run in self.running_runs() if process_alive(run)]
            if busy:
                raise ImportBusy(self.busy_message(busy[0]))
        self.mark_dead_runs()
        return self

    def __exit__(self, *exc_info):
        self.release()

    def release(self):
        if self._lock_connection is not None:
            self._lock_connection.close()  # ends the session: the lock goes with it
            self._lock_connection = None

    def running_runs(self):
        return ImportRun.objects.filter(
            kind=self.kind, file_name=self.file_name, status=ImportRun.Status.RUNNING
        ).order_by("-pk")

    def busy_message(self, run=None):
        run = run or self.running_runs().first()
        where = ""
        if run is not None:
            where = (
                f" (run #{run.pk}, started {timezone.localtime(run.started_at):%Y-%m-%d %H:%M}"
                f", process {run.pid or '?'} on {run.hostname or '?'}, "
                f"{run.committed_line:,} lines committed)"
            )
        return (
            f"Another import of {self.file_name} is running right now{where}. Wait for it "
            "to finish, or stop it (Ctrl-C, or kill its process) and run this command "
            "again with --resume."
        )

    def mark_dead_runs(self):
        """Mark `running` runs whose process is gone as interrupted."""
        running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING)
        if connection.vendor == "postgresql":
            dead = [run for run in running if not self.someone_imports(run)]
        else:
            dead = [run for run in running if not process_alive(run)]
        now = timezone.localtime()
        for run in dead:
            after = dict.fromkeys(RESUMABLE_KINDS, RESUMABLE)
            after[ImportRun.Kind.DEACTIVATIONS] = RERUN
            message = DEAD_RUN_MESSAGE.format(now=now) + after.get(run.kind, NOT_RESUMABLE).format(
                line=run.committed_line
            )
            if run.message:
                message = f"{run.message}\n{message}"
            # Only if still `running`: another import may have just marked it.
            if ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
                status=ImportRun.Status.INTERRUPTED, message=message
            ):
                self.found_dead.append(run)

    def someone_imports(self, run):
        """Whether a session holds the lock on the run's file (PostgreSQL).

        Read from pg_locks rather than by trying the lock: taking it, even for an
        instant, could make a new import of that file wrongly refuse to start.
        """
        key = file_lock_key(run.kind, run.file_name)
        if key == self.key:
            return False  # this process holds it: the run is not this process's
        with self._lock_connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND objsubid = 1 AND classid::bigint = %s "
                "AND objid::bigint = %s AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()))",
                [key >> 32, key & 0xFFFFFFFF],
            )
            return cursor.fetchone()[0]


def process_alive(run):
    """Whether the run's process still exists (SQLite's stand-in for the lock).

    A run on another host cannot be checked from here: it counts as alive.
    """
    if not run.pid:
        return False  # recorded before runs kept their pid: long gone
    if run.hostname != socket.gethostname()[:255]:
        return True
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
