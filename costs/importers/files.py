"""Import one Medicare payment file (PPRRVU, GPCI, locality-county, OPPS B, ASC AA).

The shared importer infrastructure of `providers.importers` does the reading (streamed
lines, the reject report with line numbers, runs, Ctrl-C/SIGTERM, the per-file claim);
this module adds what these files need:

- the header is found below CMS's title and copyright lines, joined when it spans two
  rows, and its columns found by name (`layouts`);
- good rows are written in batches under the run, each batch committed with the run's
  position, so an interrupted import continues with `--resume` from its last batch
  (the resumed run takes over the rows written so far);
- nothing is public until the end: the last transaction publishes the run as its
  kind's data for the year and deletes that year's previous rows (`publish`), so
  re-importing a year replaces it whole, and a page never shows two imports mixed.
"""

import csv
import re
from pathlib import Path

from django.db import transaction

from providers.import_records import ImportRun
from providers.importers.base import (
    BadLine,
    ImportInterrupted,
    LineSource,
    Progress,
    csv_problem,
    finish_run,
    interruptible,
    not_utf8_text,
    parse_csv_line,
    start_run,
)
from providers.importers.liveness import FileClaim
from providers.importers.rejects import RejectWriter

from .layouts import LAYOUTS, RowError, SkipRow, normalize
from .publish import publish

# The header is looked for in this many lines at the top (CMS puts up to a dozen lines
# of title and notices above it).
HEADER_LINES = 40


def write_batch(model, rows):
    """One batch of model instances, in the caller's transaction."""
    model.objects.bulk_create(rows, batch_size=2000)


class Header:
    """Where the data starts, and the column of each field."""

    def __init__(self, columns, names, offset, line):
        self.columns = columns
        self.names = names
        self.offset = offset
        self.line = line


def find_header(path, layout, year):
    """Read the top of the file: the header row (and the rows that continue it).

    Raises ValueError when no header is found, a column is missing, or the header
    names a data year other than `year` (CMS writes it in column names: "2026 PE GPCI").
    """
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        raise ValueError(
            f"{Path(path).name} is a ZIP archive or an .xlsx workbook (CMS publishes the "
            "addenda as workbooks and the RVU files zipped): unzip it, or save the sheet as "
            "\u201cCSV UTF-8\u201d, and import the CSV."
        )
    problem = not_utf8_text(head, path)
    if problem:
        raise ValueError(problem)
    source = LineSource(path)
    try:
        rows = []
        offset = 0
        for number, text in source:
            if number > HEADER_LINES:
                break
            if isinstance(text, BadLine):
                raise ValueError(f"Line {number} of {source.path.name}: {text.detail}.")
            try:
                cells = parse_csv_line(text.rstrip("\r\n"))
            except csv.Error:
                cells = [text]
            if rows and cells and not cells[0].strip() and any(c.strip() for c in cells):
                rows.append(cells)  # the header continues (PPRRVU's second header row)
            elif rows:
                break
            elif layout.is_header(cells):
                rows.append(cells)
            offset = source.offset
        else:
            number = source.line_number + 1
        if not rows:
            raise ValueError(
                f"{source.path.name} has no {layout.label} header in its first {HEADER_LINES} "
                f"lines (a row with a column named {layout.header_hint!r})."
            )
    finally:
        source.close()
    width = max(len(row) for row in rows)
    names = [
        normalize(" ".join(row[i] for row in rows if i < len(row) and row[i].strip()))
        for i in range(width)
    ]
    columns = layout.find_columns(names)
    years = {int(found) for name in names for found in _years(name)}
    if years and year not in years:
        raise ValueError(
            f"The {layout.label} header names the year {', '.join(map(str, sorted(years)))}, "
            f"not {year}: check --year (one data year per import)."
        )
    return Header(columns, names, offset, number - 1)


def _years(name):
    return re.findall(r"\b(20\d\d)\b", name)


class CostFileImporter:
    """Runs one import of one file of one kind for one year; see the module docstring."""

    def __init__(
        self,
        kind,
        path,
        *,
        year,
        source="CMS",
        reject_file=None,
        dry_run=False,
        batch_size=5000,
        resume=False,
        progress_stream=None,
    ):
        self.layout = LAYOUTS[kind]
        self.kind = kind
        self.path = Path(path)
        self.year = year
        self.source = source
        self.reject_file = reject_file
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.resume = resume
        self.progress_stream = progress_stream
        self.messages = []
        self.run = None
        self.rejects = None
        self.replaced = 0

    def options(self):
        return {
            "year": self.year,
            "source": self.source,
            "dry_run": self.dry_run,
            "batch_size": self.batch_size,
            "reject_file": str(self.reject_file) if self.reject_file else None,
        }

    def run_to_resume(self):
        """The latest real run of this file and year if it stopped after a batch."""
        if not self.resume:
            return None
        latest = (
            ImportRun.objects.filter(
                kind=self.kind,
                file_name=str(self.path.resolve()),
                file_size=self.path.stat().st_size,
                data_year=self.year,
            )
            .exclude(status=ImportRun.Status.DRY_RUN)
            .order_by("-pk")
            .first()
        )
        stopped = (ImportRun.Status.INTERRUPTED, ImportRun.Status.FAILED)
        if latest is None or latest.status not in stopped or not latest.committed_offset:
            self.messages.append("Nothing to resume: starting from the beginning.")
            return None
        self.messages.append(f"Resuming after line {latest.committed_line:,} (run #{latest.pk}).")
        return latest

    def execute(self):
        """Import the file. ValueError for a file that cannot be imported at all."""
        with FileClaim(self.kind, self.path) as claim:
            for run in claim.found_dead:
                self.messages.append(
                    f"Run #{run.pk} of {run.file_name} had stopped without finishing: "
                    "marked interrupted."
                )
            return self._execute()

    def _execute(self):
        layout = self.layout
        header = find_header(self.path, layout, self.year)
        previous = self.run_to_resume()
        resume_rejects = None
        if previous:
            resume_rejects = (
                previous.options.get("reject_file"),
                previous.committed_rejects_offset,
            )
        self.rejects = RejectWriter(self.reject_file, resume_from=resume_rejects)
        if self.rejects.problem:
            self.messages.append(self.rejects.problem)
        start_line = previous.committed_line if previous else header.line
        start_offset = previous.committed_offset if previous else header.offset
        self.run = start_run(
            self.kind,
            self.path,
            self.options(),
            data_year=self.year,
            committed_line=start_line,
            committed_offset=start_offset,
            committed_rejects_offset=self.rejects.position,
        )
        run = self.run
        model = layout.model
        seen = {}
        if previous:
            # The rows the interrupted run committed are this run's now.
            with transaction.atomic():
                model.objects.filter(run=previous).update(run=run)
                for field in ("rows_read", "inserted", "rejected", "skipped"):
                    setattr(run, field, getattr(previous, field))
                run.save()
            for values in model.objects.filter(run=run).values_list(*layout.key):
                seen[values] = 0
        lines = LineSource(self.path, start_offset, start_line)
        progress = Progress(lines.size, self.progress_stream, start_offset=start_offset)
        fields = list(header.columns)
        needed = max(header.columns.values()) + 1
        carried = dict.fromkeys(layout.carry, "")
        batch = []
        try:
            with interruptible():
                for number, text in lines:
                    run.rows_read += 1
                    try:
                        if text.__class__ is BadLine:
                            raise RowError(text.reason, text.detail)
                        try:
                            row = parse_csv_line(text)
                        except csv.Error as error:
                            raise RowError(*csv_problem(error)) from None
                        if not any(cell.strip() for cell in row):
                            run.rows_read -= 1  # a blank line is not a row
                            continue
                        if len(row) < needed and not any(cell.strip() for cell in row[1:]):
                            raise SkipRow  # a note under the table ("* Work GPCI reflects…")
                        if len(row) < needed:
                            raise RowError(
                                "column_count", f"{len(row)} columns, expected at least {needed}"
                            )
                        cells = {name: row[header.columns[name]] for name in fields}
                        for name in layout.carry:
                            if cells[name].strip():
                                carried[name] = cells[name]
                            else:
                                cells[name] = carried[name]
                        values = layout.parse(cells)
                        key = tuple(values[name] for name in layout.key)
                        if key in seen:
                            where = f"line {seen[key]:,}" if seen[key] else "an earlier batch"
                            raise RowError(
                                "duplicate", f"{' '.join(filter(None, key))} is also on {where}"
                            )
                        seen[key] = number
                    except SkipRow:
                        run.skipped += 1
                        continue
                    except RowError as error:
                        run.rejected += 1
                        self.rejects.add(number, error.reason, error.detail)
                        continue
                    batch.append(model(year=self.year, run=run, **values))
                    if len(batch) >= self.batch_size:
                        self.commit(batch, lines)
                        batch = []
                    progress.update(run.rows_read, lines.offset)
                self.commit(batch, lines)
        except ImportInterrupted as error:
            self.stop(lines, ImportRun.Status.INTERRUPTED, f"Interrupted ({error})")
            raise
        except Exception as error:
            self.stop(lines, ImportRun.Status.FAILED, repr(error))
            raise
        progress.finish(run.rows_read, lines.offset)
        self.rejects.close()
        checksum = lines.checksum()
        lines.close()
        with transaction.atomic():
            if self.dry_run:
                status = ImportRun.Status.DRY_RUN
            else:
                status = ImportRun.Status.COMPLETED
                self.replaced = publish(
                    model, run, year=self.year, source=self.source, rows=run.inserted
                )
                self.messages.append(
                    f"Published {run.inserted:,} rows for {self.year}; "
                    f"{self.replaced:,} rows of earlier imports of {self.year} replaced."
                )
            finish_run(run, status, checksum=checksum, message="\n".join(self.messages))
        return run

    def commit(self, batch, lines):
        """Write a batch with the run's position, in one transaction (none on a dry run)."""
        run = self.run
        self.rejects.flush()
        with transaction.atomic():
            if not self.dry_run:
                write_batch(self.layout.model, batch)
                run.inserted += len(batch)
            run.committed_line = lines.line_number
            run.committed_offset = lines.offset
            run.committed_rejects_offset = self.rejects.position
            run.save()

    def stop(self, lines, status, message):
        """The batch in progress is dropped; the run says where `--resume` continues."""
        self.rejects.close()
        lines.close()
        self.run.refresh_from_db()
        finish_run(
            self.run,
            status,
            message="\n".join(
                [*self.messages, f"{message} after line {self.run.committed_line:,}."]
            ),
        )
