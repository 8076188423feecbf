"""NPPES's monthly deactivated-NPI report: take the NPIs it lists out of the directory.

NPPES publishes the report as a workbook ("NPPES Deactivated NPI Report 20250414.xlsx"):
a title row, then the header ``NPI``, ``NPPES Deactivation Date``, then one row per
deactivated NPI, the date as MM/DD/YYYY text. It lists every NPI deactivated and not
reactivated, hundreds of thousands of them, most never in the directory. The same two
columns as CSV (with or without the title row) work too.

The workbook is streamed (openpyxl's read-only mode) and the rows are applied in
batches, each in its own transaction, the way `import_nppes` applies a file's
deactivated rows (`nppes_writer.deactivate_npis`): a live provider is unpublished and
recorded as unpublished by the import, so a later NPPES file that reactivates the NPI
publishes it again unless an editor has taken over its publication; the deactivation
date and this run (with the report's date) are kept on the provider. Their links stop
being listed and the per-state counts move with each batch, so the cost follows the
report's providers, not the directory. Re-running a report changes nothing, and a
report older than an NPI's reactivation leaves it active.
"""

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl

from django.db import connection, transaction

from core.http_cache.version import content_changed
from core.npi import is_valid_npi

from ..counts import apply_count_changes, live_pair_counts
from ..import_records import ImportRun
from ..linking import fill_scope, refresh_provider_fields
from ..models import Provider
from ..purge import profile_limit, purge_deactivated_profiles
from .base import (
    BadLine,
    ImportInterrupted,
    LineSource,
    csv_problem,
    finish_run,
    interruptible,
    parse_csv_line,
    start_run,
)
from .liveness import FileClaim
from .nppes_writer import array_literal, deactivate_npis
from .rejects import RejectWriter

NPI_COLUMN = "npi"
# The report's name for the column, and the full file's (for a CSV cut from it).
DATE_COLUMNS = ("nppes deactivation date", "npi deactivation date")
# The header is looked for in this many rows at the top (the report has one title row).
HEADER_ROWS = 10
DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>20\d{2})(?P<month>\d{2})(?P<day>\d{2})(?!\d)"),
)
ZIP_MAGIC = b"PK\x03\x04"


class RowError(Exception):
    def __init__(self, reason, detail=""):
        self.reason = reason
        self.detail = detail


@dataclass
class Counts:
    rows: int = 0
    deactivated: int = 0
    already: int = 0  # in the directory, deactivated already (or reactivated since)
    not_listed: int = 0  # not in the directory
    rejected: int = 0


def column_name(value):
    return " ".join(str(value or "").split()).lower()


def find_date(text):
    """The first plausible date written in `text` (MM/DD/YYYY, YYYY-MM-DD, YYYYMMDD)."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            try:
                found = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            if 2005 <= found.year <= 2100:  # NPPES began in 2005
                return found
    return None


def parse_day(value, report_date):
    """A cell's deactivation date, or RowError (missing, unreadable, after the report)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif value is None or not str(value).strip():
        raise RowError("missing_date", "no NPPES Deactivation Date")
    else:
        text = str(value).strip()
        match = DATE_PATTERNS[0].fullmatch(text) or DATE_PATTERNS[1].fullmatch(text)
        try:
            if not match:
                raise ValueError
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            raise RowError("bad_date", f"{text!r} is not a MM/DD/YYYY date") from None
    if report_date and day > report_date:
        raise RowError("bad_date", f"{day:%m/%d/%Y} is after the report's date")
    return day


def npi_text(value):
    """A cell's NPI as text: a workbook may hold it as a number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def parse_npi(value):
    npi = npi_text(value)
    if not is_valid_npi(npi):
        digits = len(npi) == 10 and npi.isascii() and npi.isdigit()
        raise RowError("npi_check_digit" if digits else "npi_format", f"NPI {npi!r}")
    return npi


def is_blank(row):
    return all(value is None or not str(value).strip() for value in row)


def workbook_rows(path):
    """(row number, cell values) of the workbook's first sheet, streamed."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a zoo of errors for a bad workbook
        raise ValueError(
            f"{Path(path).name} is a ZIP archive but not an .xlsx workbook ({error}): if it "
            "is the report as NPPES publishes it, zipped, unzip it and give the .xlsx."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        # Read-only sheets fill in missing rows, so the count is the spreadsheet's row.
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def csv_rows(path):
    """(line number, fields) of a CSV file, or (line number, BadLine) for a bad line."""
    source = LineSource(path)
    try:
        first = source.header()  # refuses UTF-16, a ZIP archive or a runaway first line
        yield 1, csv_fields(first, 1)
        for number, text in source:
            yield number, text if isinstance(text, BadLine) else csv_fields(text, number)
    finally:
        source.close()


def csv_fields(text, number):
    try:
        return parse_csv_line(text.rstrip("\r\n"))
    except csv.Error as error:
        return BadLine(*csv_problem(error), text.encode()[:64])


def report_rows(path):
    with open(path, "rb") as handle:
        is_zip = handle.read(4) == ZIP_MAGIC
    return workbook_rows(path) if is_zip else csv_rows(path)


def file_checksum(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class DeactivationReport:
    """The report's rows after its header, and what stands above it.

    Raises ValueError when no header is found in the first `HEADER_ROWS` rows, naming
    the columns it needs, and when the report's date cannot be told.
    """

    def __init__(self, path, report_date=None):
        self.path = Path(path)
        self.rows = report_rows(self.path)
        above = []
        for number, row in self.rows:
            if isinstance(row, BadLine):
                raise ValueError(f"Line {number} of {self.path.name} is unreadable: {row.detail}.")
            names = [column_name(value) for value in row]
            date_column = next((name for name in DATE_COLUMNS if name in names), None)
            if NPI_COLUMN in names and date_column:
                self.header_line = number
                self.i_npi = names.index(NPI_COLUMN)
                self.i_date = names.index(date_column)
                break
            above.append(row)
            if number >= HEADER_ROWS:
                self.missing_header()
        else:
            self.missing_header()
        self.title = " ".join(
            str(value).strip() for row in above for value in row if value not in (None, "")
        )
        self.report_date = report_date or self.date_above(above) or find_date(self.path.name)
        if self.report_date is None:
            self.close()
            raise ValueError(
                f"The date of the report is neither in its title row nor in its file name "
                f"({self.path.name}): give it with --report-date YYYY-MM-DD."
            )

    def missing_header(self):
        self.close()
        raise ValueError(
            f"No header row with the columns NPI and NPPES Deactivation Date in the first "
            f"{HEADER_ROWS} rows of {self.path.name}: is this the NPPES deactivated NPI "
            "report?"
        )

    @staticmethod
    def date_above(rows):
        for row in rows:
            for value in row:
                if isinstance(value, datetime):
                    return value.date()
                if isinstance(value, date):
                    return value
                found = find_date(str(value)) if value is not None else None
                if found:
                    return found
        return None

    def __iter__(self):
        """(line, npi, day) of each data row; (line, None, RowError) for a bad one."""
        width = max(self.i_npi, self.i_date) + 1
        for number, row in self.rows:
            if isinstance(row, BadLine):
                yield number, None, RowError(row.reason, row.detail)
                continue
            if is_blank(row):
                continue
            row = list(row) + [None] * (width - len(row))
            try:
                npi = parse_npi(row[self.i_npi])
                day = parse_day(row[self.i_date], self.report_date)
            except RowError as error:
                yield number, npi_text(row[self.i_npi])[:10], error
            else:
                yield number, npi, day

    def close(self):
        self.rows.close()


class DeactivationReportImporter:
    """Applies one report; see the module docstring."""

    def __init__(
        self, path, *, report_date=None, dry_run=False, reject_file=None, batch_size=10_000
    ):
        self.path = Path(path)
        self.report_date = report_date
        self.dry_run = dry_run
        self.reject_file = reject_file
        self.batch_size = batch_size
        self.counts = Counts()
        self.run = None
        self.rejects = None
        self.deactivated_ids = []  # for purging their profiles, up to the purge limit
        self.messages = []

    def execute(self):
        """Apply the report. Raises ValueError for a file that is not one, or that
        another process is applying right now (`ImportBusy`)."""
        with FileClaim(ImportRun.Kind.DEACTIVATIONS, self.path) as claim:
            for run in claim.found_dead:
                self.messages.append(
                    f"Run #{run.pk} of {run.file_name} had stopped without finishing "
                    "(its process ended): marked interrupted."
                )
            return self._execute()

    def _execute(self):
        report = DeactivationReport(self.path, self.report_date)
        self.report_date = report.report_date
        self.rejects = RejectWriter(self.reject_file)
        self.run = start_run(
            ImportRun.Kind.DEACTIVATIONS,
            self.path,
            {
                "dry_run": self.dry_run,
                "batch_size": self.batch_size,
                "reject_file": str(self.reject_file) if self.reject_file else None,
                "title": report.title[:200],
            },
            report_date=self.report_date,
        )
        counts = self.counts
        batch = {}
        line = report.header_line
        try:
            with interruptible():
                for line, npi, day in report:
                    counts.rows += 1
                    if isinstance(day, RowError):
                        counts.rejected += 1
                        self.rejects.add(line, day.reason, day.detail, npi)
                        continue
                    batch[npi] = day  # listed twice: the later row wins
                    if len(batch) >= self.batch_size:
                        self.commit(batch, line)
                        batch = {}
                self.commit(batch, line)
        except ImportInterrupted as error:
            self.stop(ImportRun.Status.INTERRUPTED, f"Interrupted ({error})")
            raise
        except Exception as error:
            self.stop(ImportRun.Status.FAILED, repr(error))
            raise
        finally:
            report.close()
            self.rejects.close()
        finish_run(
            self.run,
            ImportRun.Status.DRY_RUN if self.dry_run else ImportRun.Status.COMPLETED,
            checksum=file_checksum(self.path),
            message="\n".join(self.messages),
        )
        if not self.dry_run:
            purge_deactivated_profiles(self.deactivated_ids)
        return counts

    def stop(self, status, message):
        """Record where the run stopped: the batches before it are committed."""
        self.run.refresh_from_db()
        finish_run(self.run, status, message=f"{message} after line {self.run.committed_line:,}.")
        if not self.dry_run:
            purge_deactivated_profiles(self.deactivated_ids)

    def commit(self, batch, line):
        """Apply one batch in its own transaction, with the run's counts and position."""
        counts = self.counts
        deactivations = sorted(batch.items())
        with transaction.atomic(), connection.cursor() as cursor:
            listed = self.listed(cursor, batch)
            ids = deactivate_npis(cursor, deactivations, self.run.pk)
            if ids:
                scope = fill_scope(cursor, ids)
                before = live_pair_counts(cursor, scope)
                refresh_provider_fields(scope, cursor)
                apply_count_changes(cursor, before, live_pair_counts(cursor, scope))
            counts.deactivated += len(ids)
            counts.already += listed - len(ids)
            counts.not_listed += len(batch) - listed
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                if len(self.deactivated_ids) <= profile_limit():
                    self.deactivated_ids.extend(ids)
                self.save_progress(line)
                if ids:
                    content_changed()  # their profiles are gone, whatever the counts did
        if self.dry_run:
            self.save_progress(line)

    @staticmethod
    def listed(cursor, batch):
        """How many of the batch's NPIs are in the directory (index lookups)."""
        if not batch:
            return 0
        table = Provider._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE npi = ANY(%s::varchar[])",
                [array_literal(batch)],
            )
            return cursor.fetchone()[0]
        npis = list(batch)
        found = 0
        for start in range(0, len(npis), 500):  # SQLite's limit on query parameters
            chunk = npis[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE npi IN ({placeholders})", chunk)
            found += cursor.fetchone()[0]
        return found

    def save_progress(self, line):
        run, counts = self.run, self.counts
        run.rows_read = counts.rows
        run.deactivated = counts.deactivated
        run.unchanged = counts.already
        run.skipped = counts.not_listed
        run.rejected = counts.rejected
        run.committed_line = line
        run.save(
            update_fields=[
                "rows_read",
                "deactivated",
                "unchanged",
                "skipped",
                "rejected",
                "committed_line",
            ]
        )
