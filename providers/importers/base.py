"""What every importer shares: streaming lines, rejects, progress, runs, interruption.

Files are read as bytes, line by line, so memory stays flat whatever the size, a
line that is not valid UTF-8 or is absurdly long is rejected on its own (the rows
around it are kept), and the SHA-256 of the file is computed on the way.
"""

import codecs
import csv
import hashlib
import shlex
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone

from ..import_records import ImportRun
from ..purge import purge_directory
from .liveness import this_process

# The longest line an importer reads into memory, line break included. Real rows are
# about 1.2 KB (NPPES) and 300 bytes (Medicare); a longer line is a broken file (no
# line breaks, a runaway quote) and is rejected without being read whole.
MAX_LINE_BYTES = 1 << 20
# The csv module's own limit on one field (its default). The split fast path obeys it
# too, so a row is accepted or rejected the same way whichever path parses it.
FIELD_LIMIT = csv.field_size_limit()


class ImportInterrupted(Exception):
    """Ctrl-C or SIGTERM: stop after rolling back the batch in progress."""


@contextmanager
def interruptible():
    """Turn SIGTERM into the same clean stop as Ctrl-C while an import runs."""

    def stop(signum, frame):
        raise ImportInterrupted(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt as error:
        raise ImportInterrupted("Ctrl-C") from error
    finally:
        signal.signal(signal.SIGTERM, previous)


class BadLine:
    """A line that cannot be a row: why, and its first characters for the reject report."""

    __slots__ = ("detail", "head", "reason")

    def __init__(self, reason, detail, raw):
        self.reason = reason
        self.detail = detail
        self.head = raw[:64].decode("utf-8", errors="replace")


def line_npi(text):
    """The NPI a (possibly bad) line starts with, for the reject report."""
    if isinstance(text, BadLine):
        text = text.head
    return text.split(",", 1)[0].strip('"')[:10] if text else ""


class LineSource:
    """The lines of a file as (line_number, text), hashing as it goes.

    ``text`` is a `BadLine` when the line is not valid UTF-8 or is longer than
    `MAX_LINE_BYTES` (read in chunks and skipped, never held whole). ``offset`` is
    the byte position after the last line handed out, for resuming.
    """

    def __init__(self, path, start_offset=0, start_line=0):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self.hasher = hashlib.sha256()
        self.offset = 0
        self.line_number = 0
        self.handle = self.path.open("rb")
        if start_offset:
            self._skip(start_offset, start_line)

    def _skip(self, offset, line_number):
        remaining = offset
        while remaining:
            chunk = self.handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            self.hasher.update(chunk)
            remaining -= len(chunk)
        self.offset = offset - remaining
        self.line_number = line_number

    def header(self):
        """The first line as text; ValueError with a clear message if it cannot be one."""
        raw = self.handle.readline(MAX_LINE_BYTES + 1)
        self.hasher.update(raw)
        self.offset += len(raw)
        self.line_number += 1
        problem = not_utf8_text(raw, self.path)
        if problem:
            raise ValueError(problem)
        if len(raw) > MAX_LINE_BYTES:
            raise ValueError(
                f"Line 1 (the header) of {self.path.name} is longer than {MAX_LINE_BYTES:,} "
                "bytes: this is not a CSV file with one record per line (are its line "
                "breaks \\r only, or is it not a CSV file at all?)."
            )
        return raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")

    def __iter__(self):
        update = self.hasher.update
        readline = self.handle.readline
        limit = MAX_LINE_BYTES
        while raw := readline(limit + 1):
            update(raw)
            self.offset += len(raw)
            self.line_number += 1
            if len(raw) > limit:
                length = len(raw) + self._skip_rest_of_line()
                yield (
                    self.line_number,
                    BadLine("line_too_long", f"{length:,} bytes; the limit is {limit:,}", raw),
                )
                continue
            try:
                yield self.line_number, raw.decode("utf-8")
            except UnicodeDecodeError:
                yield self.line_number, BadLine("encoding", "not valid UTF-8", raw)

    def _skip_rest_of_line(self):
        """Read past the rest of an overlong line in chunks; return how many bytes."""
        skipped = 0
        while chunk := self.handle.readline(1 << 16):
            self.hasher.update(chunk)
            self.offset += len(chunk)
            skipped += len(chunk)
            if chunk.endswith(b"\n"):
                break
        return skipped

    def checksum(self):
        """The file's SHA-256, reading whatever was not read yet."""
        for chunk in iter(lambda: self.handle.read(1 << 20), b""):
            self.hasher.update(chunk)
        return self.hasher.hexdigest()

    def close(self):
        self.handle.close()


def not_utf8_text(head, path):
    """Why a file starting with `head` is not UTF-8 CSV text, with the fix; else None.

    Excel's "Unicode Text" and many Windows tools write UTF-16, which is all NUL
    bytes between the letters: without this, such a file is only reported as
    "missing columns". NPPES itself is published as a ZIP archive.
    """
    path = Path(path)
    name = path.name
    if head.startswith(b"PK\x03\x04"):
        return f"{name} is a ZIP archive (NPPES is published zipped): unzip it and import the CSV."
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding, source = "UTF-32", "UTF-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, source = "UTF-16", "UTF-16"
    elif b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and not even:
            encoding, source = "UTF-16 (little-endian, no byte order mark)", "UTF-16LE"
        elif even > len(head) // 4 and not odd:
            encoding, source = "UTF-16 (big-endian, no byte order mark)", "UTF-16BE"
        else:
            return f"{name} contains NUL bytes: it is not a CSV text file."
    else:
        return None
    converted = path.with_name(f"{path.stem}-utf8.csv")
    return (
        f"{name} is {encoding} text (as Excel's \u201cUnicode Text\u201d and some Windows "
        "tools save it); the importers read UTF-8. Convert it first: "
        f"iconv -f {source} -t UTF-8 {shlex.quote(str(path))} > {shlex.quote(str(converted))} "
        "(or save it again from the spreadsheet as \u201cCSV UTF-8\u201d)."
    )


def read_header(source):
    """The header's column names, or ValueError saying clearly why there are none."""
    try:
        try:
            return parse_csv_line(source.header())
        except csv.Error as error:
            raise ValueError(
                f"Line 1 (the header) of {source.path.name} is not readable CSV: "
                f"{csv_problem(error)[1]}."
            ) from None
    except ValueError:
        source.close()
        raise


def csv_problem(error):
    """(reason, detail) for a line the csv module refused."""
    if "field larger than field limit" in str(error):
        return "field_too_long", f"a field is longer than {FIELD_LIMIT:,} characters"
    return "csv", str(error)


class CheckedFields(list):
    """Fields from the fast path, whose line is known to have exactly `width` fields."""


def parse_csv_line(text, width=None, needed=None):
    """One CSV record from one line (NPPES and CMS files have no line breaks in fields).

    NPPES quotes every field. When a line has exactly two quote characters per
    expected field and `width - 1` '","' separators (every field quoted, none
    containing an escaped quote), splitting on '","' gives exactly the fields the
    csv module would, several times faster; with `needed`, only the first `needed`
    fields are split out (the rest stay joined in the last item). The csv module
    handles every other line.
    """
    if (
        width
        and len(text) < FIELD_LIMIT
        and text.count('"') == 2 * width
        and text.count('","') == width - 1
    ):
        body = text.rstrip("\r\n")
        if body.startswith('"') and body.endswith('"'):
            if needed and needed < width:
                return CheckedFields(body[1:-1].split('","', needed))
            return CheckedFields(body[1:-1].split('","'))
    return next(csv.reader((text,)))


class Progress:
    """A progress bar on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total_bytes, stream=None, interval=None, start_offset=0):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.interval = interval if interval is not None else (0.25 if self.tty else 10.0)
        self.total = max(total_bytes, 1)
        self.start = time.monotonic()
        self.start_offset = start_offset
        self.last = self.start

    def update(self, rows, offset, force=False):
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        rate = rows / elapsed
        fraction = min(offset / self.total, 1.0)
        done = max(offset - self.start_offset, 1)
        eta = (self.total - offset) * elapsed / done
        eta_text = time.strftime("%H:%M:%S", time.gmtime(eta))
        if self.tty:
            width = 30
            bar = "#" * int(fraction * width)
            self.stream.write(
                f"\r[{bar:<{width}}] {fraction:6.1%}  {rows:,} rows  {rate:,.0f} rows/s  "
                f"ETA {eta_text} "
            )
        else:
            self.stream.write(
                f"progress: {rows:,} rows ({fraction:.1%}), {rate:,.0f} rows/s, ETA {eta_text}\n"
            )
        self.stream.flush()

    def finish(self, rows, offset):
        self.update(rows, offset, force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def start_run(kind, path, options, **fields):
    """Record a new run; `fields` set its starting position when it resumes another."""
    path = Path(path)
    return ImportRun.objects.create(
        kind=kind,
        file_name=str(path.resolve()),
        file_size=path.stat().st_size,
        options=options,
        **this_process(),
        **fields,
    )


def finish_run(run, status, checksum="", message=""):
    run.status = status
    run.finished_at = timezone.now()
    if checksum:
        run.checksum = checksum
    if message:
        run.message = message
    run.save()
    if status != run.Status.DRY_RUN:
        purge_directory()
    return run


def check_header(header, required):
    """Names of required columns missing from the header (the run stops before any write)."""
    present = set(header)
    return [name for name in required if name not in present]
