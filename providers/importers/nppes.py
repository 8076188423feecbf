"""Import individual providers from the NPPES "Data Dissemination" file.

The file (~8 million rows, ~330 columns) is streamed line by line. Each row is
validated in Python; valid rows are written in batches, each batch in its own
transaction: COPY (PostgreSQL) or a multi-row INSERT (SQLite) into a staging
table, then one set-based upsert by NPI. What an import owns is the NPPES
identity and practice location; what editors enter (accepting new patients,
bio, photo…) is never touched. A deactivated NPI is unpublished, never deleted.

A file small next to the directory (NPPES's weekly update files) is an update file:
each batch also moves the per-state counts of the pairs its providers were and are in,
so applying it costs what the file holds; a larger file recounts them all at its end.
"""

import csv
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection, transaction

from core.http_cache.version import content_changed
from core.npi import is_valid_npi

from ..counts import refresh_counts
from ..geography import STATE_NAMES
from ..import_records import ImportRun
from ..models import ProcedureSpecialty, Provider, Specialty
from ..purge import profile_limit, purge_deactivated_profiles
from . import deferred_indexes
from .base import (
    BadLine,
    CheckedFields,
    ImportInterrupted,
    LineSource,
    Progress,
    check_header,
    csv_problem,
    finish_run,
    interruptible,
    line_npi,
    parse_csv_line,
    read_header,
    start_run,
)
from .liveness import FileClaim
from .nppes_writer import BatchWriter, procedures_by_specialty, specialty_link_parts
from .pipeline import BatchPipeline
from .rejects import RejectWriter

TAXONOMY_SLOTS = range(1, 16)
SEX_COLUMNS = ("Provider Sex Code", "Provider Gender Code")  # newer files, older files

COLUMNS = {
    "npi": "NPI",
    "entity_type": "Entity Type Code",
    "last_name": "Provider Last Name (Legal Name)",
    "first_name": "Provider First Name",
    "middle_name": "Provider Middle Name",
    "name_prefix": "Provider Name Prefix Text",
    "name_suffix": "Provider Name Suffix Text",
    "credential": "Provider Credential Text",
    "address_line_1": "Provider First Line Business Practice Location Address",
    "address_line_2": "Provider Second Line Business Practice Location Address",
    "city": "Provider Business Practice Location Address City Name",
    "state": "Provider Business Practice Location Address State Name",
    "postal_code": "Provider Business Practice Location Address Postal Code",
    "country": "Provider Business Practice Location Address Country Code (If outside U.S.)",
    "phone": "Provider Business Practice Location Address Telephone Number",
    "enumeration_date": "Provider Enumeration Date",
    "last_update": "Last Update Date",
    "deactivation_date": "NPI Deactivation Date",
    "reactivation_date": "NPI Reactivation Date",
}
REQUIRED = [name for key, name in COLUMNS.items() if key != "country"] + [
    f"{prefix}_{slot}"
    for slot in TAXONOMY_SLOTS
    for prefix in (
        "Healthcare Provider Taxonomy Code",
        "Healthcare Provider Primary Taxonomy Switch",
    )
]

DATE_RE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# A file with at most this many rows per provider in the directory is an update (NPPES's
# weekly files): each batch moves the per-state counts by what it changed, instead of
# the import recounting every link at its end, so applying it costs what the file holds.
UPDATE_FILE_SHARE = 0.1
SEX_VALUES = {"F", "M", "U", "X"}


class RowError(Exception):
    def __init__(self, reason, detail=""):
        self.reason = reason
        self.detail = detail


@dataclass
class Counts:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deactivated: int = 0
    skipped: dict = field(default_factory=dict)

    def skip(self, reason):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def skipped_total(self):
        return sum(self.skipped.values())


class RowParser:
    """Turns one CSV record into staged values, or raises RowError."""

    def __init__(self, header, known_specialties, taxonomy_filter, state_filter, copy_lines=False):
        index = {name: position for position, name in enumerate(header)}
        self.width = len(header)
        self.i = {key: index.get(name) for key, name in COLUMNS.items()}
        self.i_sex = next((index[name] for name in SEX_COLUMNS if name in index), None)
        self.taxonomy = [
            (
                index[f"Healthcare Provider Taxonomy Code_{slot}"],
                index[f"Healthcare Provider Primary Taxonomy Switch_{slot}"],
            )
            for slot in TAXONOMY_SLOTS
        ]
        # Columns after the last one we read need not be split out of the line.
        self.needed = 1 + max(
            [*(i for i in self.i.values() if i is not None), self.i_sex or 0]
            + [index for pair in self.taxonomy for index in pair]
        )
        self.known = known_specialties  # code -> id
        self.copy_lines = copy_lines
        self.taxonomy_filter = taxonomy_filter
        self.state_filter = state_filter
        self._dates = {}

    def date(self, value, column):
        if not value:
            return None
        cached = self._dates.get(value)
        if cached is not None:
            return cached
        match = DATE_RE.match(value)
        try:
            if not match:
                raise ValueError
            month, day, year = (int(part) for part in match.groups())
            parsed = date(year, month, day)
        except ValueError:
            raise RowError("bad_date", f"{column}: {value!r} is not a MM/DD/YYYY date") from None
        self._dates[value] = parsed
        return parsed

    def parse(self, row):
        """One of ("provider", values, other_specialty_ids), ("deactivate", npi, date),
        ("skip", reason); raises RowError for a bad row."""
        if len(row) != self.width and not isinstance(row, CheckedFields):
            raise RowError("column_count", f"{len(row)} columns, expected {self.width}")
        i = self.i
        npi = row[i["npi"]]
        if not is_valid_npi(npi):
            digits = len(npi) == 10 and npi.isascii() and npi.isdigit()
            raise RowError("npi_check_digit" if digits else "npi_format", f"NPI {npi!r}")
        deactivated = self.date(row[i["deactivation_date"]], "NPI Deactivation Date")
        reactivated = self.date(row[i["reactivation_date"]], "NPI Reactivation Date")
        if deactivated and not (reactivated and reactivated >= deactivated):
            return ("deactivate", npi, deactivated)
        entity = row[i["entity_type"]]
        if entity != "1":
            return ("skip", "organization" if entity == "2" else "entity_type")

        codes = []
        primary = None
        for code_index, switch_index in self.taxonomy:
            code = row[code_index]
            if code:
                codes.append(code)
                if row[switch_index] == "Y" and primary is None:
                    primary = code
        if self.taxonomy_filter is not None and not self.taxonomy_filter.intersection(codes):
            return ("skip", "taxonomy")

        country = row[i["country"]] if i["country"] is not None else ""
        state = row[i["state"]].strip().upper()
        if country and country != "US":
            return ("skip", "outside_us")
        if state not in STATE_NAMES:
            raise RowError("unknown_state", f"state {state!r}")
        if self.state_filter is not None and state not in self.state_filter:
            return ("skip", "state")

        postal = row[i["postal_code"]].strip()
        if not (postal.isascii() and postal.isdigit()) or len(postal) not in (5, 9):
            raise RowError("bad_zip", f"postal code {postal!r}")
        zip_code = postal if len(postal) == 5 else f"{postal[:5]}-{postal[5:]}"

        enumeration = self.date(row[i["enumeration_date"]], "Provider Enumeration Date")
        updated = self.date(row[i["last_update"]], "Last Update Date")
        if reactivated and (updated is None or reactivated > updated):
            # A reactivation is NPPES's latest change to the record: it is what lets
            # this row undo a deactivation recorded before it (`nppes_writer.REACTIVATES`).
            updated = reactivated
        phone = row[i["phone"]].strip()
        sex = row[self.i_sex].strip().upper() if self.i_sex is not None else ""

        known = self.known
        primary_id = known.get(primary) if primary else None
        if primary_id is None:
            primary_id = next((known[c] for c in codes if c in known), None)
        others = {known[c] for c in codes if c in known} - {primary_id}

        last_name = row[i["last_name"]].strip()
        first_name = row[i["first_name"]].strip()
        if not last_name:
            raise RowError("missing_name", "no last name")
        text = (
            npi,
            row[i["name_prefix"]].strip()[:10],
            first_name[:50],
            row[i["middle_name"]].strip()[:50],
            last_name[:60],
            row[i["name_suffix"]].strip()[:10],
            row[i["credential"]].strip()[:50],
            sex if sex in SEX_VALUES else "",
            row[i["address_line_1"]].strip()[:100],
            row[i["address_line_2"]].strip()[:100],
            row[i["city"]].strip()[:60],
            state,
            zip_code,
            phone if len(phone) == 10 and phone.isascii() and phone.isdigit() else "",
        )
        values = (*text, enumeration, updated, primary_id)
        line = None
        if self.copy_lines:
            # The row as a line of PostgreSQL COPY text, built here in one join: the
            # common case (no tab or backslash in any field) needs no escaping.
            line = "\t".join(
                (
                    *text,
                    enumeration.isoformat() if enumeration else "\\N",
                    updated.isoformat() if updated else "\\N",
                    str(primary_id) if primary_id is not None else "\\N",
                )
            )
            if "\\" in line or line.count("\t") != len(values) - 1:
                line = "\t".join(map(copy_field, values))
            line += "\n"
        return ("provider", values, others, line)


def is_update_file(path, size):
    """Whether the file is small next to the directory (see `UPDATE_FILE_SHARE`)."""
    rows = deferred_indexes.estimated_rows(path, size)
    return rows <= UPDATE_FILE_SHARE * Provider.objects.count()


def default_taxonomy_filter():
    """The specialties any procedure page lists, or None (keep all) when none does."""
    codes = set(ProcedureSpecialty.objects.values_list("specialty__code", flat=True))
    return codes or None


class NPPESImporter:
    """Runs one import; see the module docstring."""

    def __init__(
        self,
        path,
        *,
        taxonomies=None,
        states=None,
        limit=None,
        dry_run=False,
        reject_file=None,
        batch_size=10_000,
        resume=False,
        progress_stream=None,
        threaded=True,
    ):
        self.path = path
        self.taxonomies = set(taxonomies) if taxonomies else None
        self.states = {s.upper() for s in states} if states else None
        self.limit = limit
        self.dry_run = dry_run
        self.reject_file = reject_file
        self.batch_size = batch_size
        self.resume = resume
        self.progress_stream = progress_stream
        self.threaded = threaded
        self.counts = Counts()
        self.writer = None
        self.update_file = False
        self.deactivated_ids = []  # for purging their profiles, up to the purge limit
        self.ignored_deactivations = 0
        self.run = None
        self.rejects = None
        self.messages = []
        # Where the time went, in seconds, for the summary (`Phases`).
        self.phases = Phases()

    def options(self):
        return {
            "taxonomies": sorted(self.taxonomies) if self.taxonomies else "procedure specialties",
            "states": sorted(self.states) if self.states else None,
            "limit": self.limit,
            "dry_run": self.dry_run,
            "batch_size": self.batch_size,
            "reject_file": str(self.reject_file) if self.reject_file else None,
        }

    def run_to_resume(self):
        """The run `--resume` continues: the latest real run of this file, if it stopped
        (interrupted, or failed) after committing something; else None.

        Dry runs are passed over: they commit nothing, so their position says nothing
        about the directory. Only the latest run counts: once a resume completed the
        file, an older interruption is history.
        """
        if not self.resume:
            return None
        path = Path(self.path)
        runs = ImportRun.objects.filter(
            kind=ImportRun.Kind.NPPES, file_name=str(path.resolve()), file_size=path.stat().st_size
        ).exclude(status=ImportRun.Status.DRY_RUN)
        latest = next((run for run in runs.order_by("-pk") if not run.options.get("dry_run")), None)
        stopped = (ImportRun.Status.INTERRUPTED, ImportRun.Status.FAILED)
        if latest is None or latest.status not in stopped or not latest.committed_offset:
            self.messages.append("Nothing to resume: starting from the beginning.")
            return None
        self.messages.append(f"Resuming after line {latest.committed_line:,} (run #{latest.pk}).")
        return latest

    def execute(self):
        """Run the import. Raises ValueError for a file that cannot be imported at all,
        or that another process is importing right now (`ImportBusy`)."""
        with FileClaim(ImportRun.Kind.NPPES, Path(self.path)) as claim:
            for run in claim.found_dead:
                self.messages.append(
                    f"Run #{run.pk} of {run.file_name} had stopped without finishing "
                    "(its process ended): marked interrupted."
                )
            return self._execute()

    def _execute(self):
        previous = self.run_to_resume()
        start_offset = previous.committed_offset if previous else 0
        start_line = previous.committed_line if previous else 0
        source = LineSource(self.path)
        header = read_header(source)
        missing = check_header(header, REQUIRED)
        if not any(name in header for name in SEX_COLUMNS):
            missing.append(" or ".join(SEX_COLUMNS))
        if missing:
            source.close()
            raise ValueError("Missing required NPPES columns: " + ", ".join(missing))
        if start_offset:
            source.close()
            source = LineSource(self.path, start_offset, start_line)

        taxonomy_filter = self.taxonomies if self.taxonomies else default_taxonomy_filter()
        if taxonomy_filter is None:
            self.messages.append("No procedure page lists specialties: keeping every individual.")
        known = dict(Specialty.objects.values_list("code", "id"))
        parser = RowParser(
            header,
            known,
            taxonomy_filter,
            self.states,
            copy_lines=connection.vendor == "postgresql",
        )
        resume_rejects = None
        if previous:
            resume_rejects = (
                previous.options.get("reject_file"),
                previous.committed_rejects_offset,
            )
        self.rejects = RejectWriter(self.reject_file, resume_from=resume_rejects)
        if self.rejects.problem:
            self.messages.append(self.rejects.problem)
        # A resumed run starts where the previous one committed: if it is interrupted
        # before its own first batch, the next --resume still starts from there.
        self.run = start_run(
            ImportRun.Kind.NPPES,
            self.path,
            self.options(),
            committed_line=start_line,
            committed_offset=start_offset,
            committed_rejects_offset=self.rejects.position,
        )
        with self.phases.timed("drop_indexes"):
            self.defer_indexes(source.size)
        self.update_file = not self.deferred and is_update_file(self.path, source.size)
        if self.update_file:
            self.messages.append(
                "Update file: the per-state counts move with each batch; nothing is recounted."
            )
        pipeline = BatchPipeline(self.commit, threaded=self.threaded)
        # Batches written with COPY get their derived links prepared on this thread
        # (see Batch.close).
        self.by_specialty = procedures_by_specialty() if parser.copy_lines else None
        progress = Progress(source.size, self.progress_stream, start_offset=start_offset)
        counts = self.counts
        batch = Batch()
        load_started = time.monotonic()
        try:
            with interruptible():
                for line_number, text in source:
                    counts.rows += 1
                    try:
                        if text.__class__ is BadLine:
                            raise RowError(text.reason, text.detail)
                        kind, *payload = parser.parse(
                            parse_csv_line(text, parser.width, parser.needed)
                        )
                    except RowError as error:
                        counts.rejected += 1
                        self.rejects.add(line_number, error.reason, error.detail, line_npi(text))
                    except csv.Error as error:
                        counts.rejected += 1
                        self.rejects.add(line_number, *csv_problem(error), line_npi(text))
                    else:
                        if kind == "provider":
                            batch.add(*payload)
                        elif kind == "deactivate":
                            batch.deactivations.append(tuple(payload))
                        else:
                            counts.skip(payload[0])
                    if batch.size >= self.batch_size:
                        pipeline.submit(
                            batch.close(counts, source, self.rejects, self.by_specialty)
                        )
                        batch = Batch()
                    progress.update(counts.rows, source.offset)
                    if self.limit and counts.rows >= self.limit:
                        break
                pipeline.submit(batch.close(counts, source, self.rejects, self.by_specialty))
                pipeline.close()
                self.phases.add("load", time.monotonic() - load_started)
        except ImportInterrupted as error:
            self.stop(pipeline, ImportRun.Status.INTERRUPTED, f"Interrupted ({error})")
            progress.finish(counts.rows, source.offset)
            source.close()
            raise
        except Exception as error:
            self.stop(pipeline, ImportRun.Status.FAILED, repr(error))
            source.close()
            raise
        progress.finish(counts.rows, source.offset)
        self.rejects.close()
        self.build_indexes()
        self.recount()
        finish_started = time.monotonic()
        if self.ignored_deactivations:
            counts.skipped["deactivated_npi_not_listed"] = self.ignored_deactivations
        complete = not self.limit or counts.rows < self.limit
        checksum = source.checksum() if complete and not start_offset else ""
        source.close()
        finish_run(
            self.run,
            status_after(self.dry_run),
            checksum=checksum,
            message="\n".join(self.messages),
        )
        if not self.dry_run:
            purge_deactivated_profiles(self.deactivated_ids)
        self.phases.add("finish", time.monotonic() - finish_started)
        return counts

    def recount(self):
        """The per-state counts, after the batches committed (an update file's moved
        with each batch already)."""
        if not self.dry_run and not self.update_file:
            with self.phases.timed("recount"):
                refresh_counts()

    def defer_indexes(self, size):
        """On an initial load, drop the secondary indexes to build them at the end
        (`deferred_indexes`); carry on without them if an unfinished load dropped them."""
        self.deferred = False
        if self.dry_run:
            return
        if deferred_indexes.pending():
            self.deferred = True
            self.messages.append(
                "An earlier initial load did not finish: its indexes are built at the end "
                "of this import."
            )
        elif deferred_indexes.is_initial_load(self.path, size):
            names = deferred_indexes.drop()
            if names is None:
                self.messages.append(
                    "Initial load, but the directory's tables are in use: their indexes are "
                    "kept up to date row by row."
                )
                return
            self.deferred = True
            self.messages.append(
                f"Initial load: {len(names)} secondary indexes and foreign keys are built "
                "and checked once at the end instead of row by row."
            )

    def build_indexes(self):
        if not self.deferred:
            return
        stream = self.progress_stream
        if stream is not None:
            stream.write("Building the directory's indexes...\n")
            stream.flush()
        with self.phases.timed("build_indexes"):
            built = deferred_indexes.rebuild()
        self.deferred = False
        self.phases.index_builds.update(built)
        seconds = self.phases.seconds["build_indexes"]
        self.messages.append(f"Built {len(built)} indexes and foreign keys in {seconds:,.1f} s.")

    def stop(self, pipeline, status, message):
        """Let batches already handed to the writer commit, then record where we are."""
        try:
            pipeline.close()
        except Exception as error:  # the writer's own failure wins
            message = f"{message}; writer: {error!r}"
            status = ImportRun.Status.FAILED
        self.rejects.close()
        self.build_indexes()
        self.recount()  # the committed batches are in the directory: count them
        self.run.refresh_from_db()
        finish_run(self.run, status, message=f"{message} after line {self.run.committed_line:,}.")
        if not self.dry_run:
            purge_deactivated_profiles(self.deactivated_ids)

    def commit(self, batch):
        """Write one batch in its own transaction, with the run's counts and position."""
        if self.writer is None:
            self.writer = BatchWriter(self.run.pk, count_changes=self.update_file)
        counts = self.counts
        with self.phases.timed("write"), transaction.atomic():
            if connection.vendor == "postgresql":
                # Don't wait for the WAL flush at each batch's commit. Safe here: the
                # run's progress is saved in the same transaction, so a server crash
                # can only lose a batch together with the record of it, and --resume
                # starts from what really is committed.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            inserted, updated, unchanged, deactivated = self.writer.write(
                batch.providers,
                batch.others,
                batch.deactivations,
                batch.copy_lines,
                batch.link_parts,
            )
            counts.inserted += inserted
            counts.updated += updated
            counts.unchanged += unchanged
            counts.deactivated += deactivated
            if len(self.deactivated_ids) <= profile_limit():
                self.deactivated_ids.extend(self.writer.deactivated_ids)
            # Deactivated NPIs that are not in the directory, or already unpublished.
            ignored = len(batch.deactivations) - deactivated
            if ignored:
                self.ignored_deactivations += ignored
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                self.save_progress(batch)
                # Each batch is public when it commits: validators issued before are stale.
                content_changed()
        if self.dry_run:
            self.save_progress(batch)

    def save_progress(self, batch):
        run = self.run
        counts = self.counts
        run.rows_read = batch.rows
        run.inserted = counts.inserted
        run.updated = counts.updated
        run.unchanged = counts.unchanged
        run.rejected = batch.rejected
        run.deactivated = counts.deactivated
        run.skipped = batch.skipped + self.ignored_deactivations
        run.committed_line = batch.line
        run.committed_offset = batch.offset
        run.committed_rejects_offset = batch.rejects_offset
        run.save(
            update_fields=[
                "rows_read",
                "inserted",
                "updated",
                "unchanged",
                "rejected",
                "deactivated",
                "skipped",
                "committed_line",
                "committed_offset",
                "committed_rejects_offset",
            ]
        )


class Phases:
    """Seconds spent in each phase of an import, for its summary.

    `load` is the wall time of reading the file and writing its batches; `write` is the
    part of it the writer spent applying batches (the rest of `load` is that thread
    waiting for parsed rows), so the two say which side is the bottleneck.
    `index_builds` holds each deferred index's own build time: they run two at a time,
    so they add up to more than `build_indexes`.
    """

    def __init__(self):
        self.seconds = {}
        self.index_builds = {}

    def add(self, name, seconds):
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def timed(self, name):
        started = time.monotonic()
        try:
            yield
        finally:
            self.add(name, time.monotonic() - started)

    def as_dict(self):
        result = {name: round(seconds, 3) for name, seconds in self.seconds.items()}
        if self.index_builds:
            result["index_builds"] = {
                name: round(seconds, 3) for name, seconds in self.index_builds.items()
            }
        return result


class Batch:
    """Valid rows waiting to be written, and the file position after them."""

    def __init__(self):
        self.providers = []
        self.others = {}
        self.copy_lines = {}
        self.deactivations = []

    def add(self, values, other_ids, copy_line=None):
        self.providers.append(values)
        self.others[values[0]] = other_ids
        if copy_line is not None:
            self.copy_lines[values[0]] = copy_line

    @property
    def size(self):
        return len(self.providers) + len(self.deactivations)

    def close(self, counts, source, rejects, by_specialty=None):
        """Seal the batch with the file and reject report positions; for COPY, also
        pre-format it.

        The rejects so far are flushed here, on the parsing thread, before the batch
        is handed to the writer: the report's recorded length is then on disk by the
        time the batch commits, even if the process is killed right after.

        `by_specialty` ({specialty id: procedure page ids}) is given when the batch is
        written with COPY: then the derived links are prepared here too. Formatting
        COPY text here, on the parsing thread, leaves the writer thread (the import's
        bottleneck) almost no Python to run, so it does not wait for the GIL between
        statements.
        """
        self.rows = counts.rows
        self.rejected = counts.rejected
        self.skipped = counts.skipped_total
        self.line = source.line_number
        self.offset = source.offset
        rejects.flush()
        self.rejects_offset = rejects.position
        self.providers = list({values[0]: values for values in self.providers}.values())
        self.link_parts = None
        if by_specialty is None:
            self.copy_lines = None
        else:
            self.link_parts = specialty_link_parts(self.providers, self.others, by_specialty)
        return self


def copy_field(value):
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def status_after(dry_run):
    return ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.COMPLETED
