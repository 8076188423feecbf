"""The reject report: each bad row with its line number and reason, as CSV.

Rows are rejected as they are parsed, which runs ahead of the last committed batch
(always on a threaded import, and by up to a batch on a single thread). So each
committed batch records the report's length at the batch's last line
(`ImportRun.committed_rejects_offset`), written out to the operating system before
the batch is handed to the writer, and a resumed run cuts the report back to that
length and appends to it: after any interruption the report holds exactly what one
uninterrupted run writes, with no row lost and none twice.
"""

import csv
import io
from pathlib import Path

HEADER = ["line", "npi", "reason", "detail"]


class RejectWriter:
    """Bad rows as CSV (`path`), the first few and the counts by reason in memory.

    `resume_from` is (the previous run's report, its committed length): that part
    is kept (copied if the report moves) and this run appends after it.
    `position` is the report's length in bytes so far.
    """

    def __init__(self, path=None, keep=20, resume_from=None):
        self.path = Path(path) if path else None
        self.count = 0
        self.by_reason = {}
        self.first = []
        self.keep = keep
        self.position = 0
        self.problem = ""  # why a resumed report may lack earlier rejects
        self._handle = None
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)
        if self.path:
            self._handle = self._continue(*resume_from) if resume_from else None
            if self._handle is None:
                self._handle = self.path.open("wb")
                self._write(HEADER)

    def _continue(self, previous, length):
        """Open the report after `length` bytes of `previous`; None if it cannot be."""
        previous = Path(previous) if previous else None
        if not length or previous is None or not previous.is_file():
            self.problem = (
                f"The interrupted run's reject report ({previous or 'none'}) is not there "
                f"to continue: {self.path} lacks the rejects of the lines it had committed."
            )
            return None
        if previous.stat().st_size < length:
            self.problem = (
                f"The interrupted run's reject report ({previous}) is shorter than it "
                f"recorded: {self.path} lacks some rejects of the lines it had committed."
            )
            return None
        if previous.resolve() == self.path.resolve():
            handle = self.path.open("r+b")
            handle.truncate(length)
            handle.seek(length)
        else:
            handle = self.path.open("wb")
            with previous.open("rb") as source:
                copy_bytes(source, handle, length)
        self.position = length
        return handle

    def add(self, line, reason, detail="", npi=""):
        self.count += 1
        self.by_reason[reason] = self.by_reason.get(reason, 0) + 1
        if len(self.first) < self.keep:
            self.first.append((line, npi, reason, detail))
        if self._handle:
            self._write([line, npi, reason, detail])

    def _write(self, row):
        self._writer.writerow(row)
        data = self._buffer.getvalue().encode("utf-8")
        self._buffer.seek(0)
        self._buffer.truncate()
        self._handle.write(data)
        self.position += len(data)

    def flush(self):
        """Hand everything written so far to the operating system (survives a kill)."""
        if self._handle:
            self._handle.flush()

    def close(self):
        if self._handle:
            self._handle.close()


def copy_bytes(source, target, length):
    """Copy the first `length` bytes of `source` to `target`, a chunk at a time."""
    remaining = length
    while remaining:
        chunk = source.read(min(remaining, 1 << 20))
        if not chunk:
            break
        target.write(chunk)
        remaining -= len(chunk)
