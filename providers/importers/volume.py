"""Link providers to procedures from Medicare billing volume.

Reads the CMS "Medicare Physician & Other Practitioners – by Provider and
Service" file (one row per NPI, HCPCS code and place of service; ~10 million
rows). Rows whose HCPCS code belongs to a procedure page (its CPT/HCPCS codes)
are summed per NPI and procedure, streaming, then written as links with basis
`volume`: a link that was only derived from specialty becomes a volume link, a
verified link stays verified and gains the figures. Providers not in the
directory are counted, not created.

An app registered as `extensions.registry.volume_figures` (the `costs` app) keeps,
from the same pass, each matching row's own figures (per NPI, code, place of service
and year), written in the same transaction as the links: a year is replaced whole or
not at all.
"""

import csv
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction

from core.int_keys import IntSums
from core.npi import is_valid_npi

from .. import extensions
from ..choices import LinkBasis
from ..counts import refresh_counts
from ..import_records import ImportRun
from ..linking import HAS_OTHERS_SQL, SORT_NAME_SQL
from ..models import Provider, ProviderProcedure, procedure_model
from .base import (
    FIELD_LIMIT,
    BadLine,
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
from .rejects import RejectWriter

REQUIRED = ["Rndrng_NPI", "HCPCS_Cd", "Tot_Srvcs", "Tot_Benes"]


def procedures_by_code():
    """{HCPCS code: [procedure page ids]} from every procedure page's codes."""
    mapping = defaultdict(list)
    for page in procedure_model().objects.exclude(procedure_codes="").only("pk", "procedure_codes"):
        for code in page.procedure_codes_list:
            mapping[code].append(page.pk)
    return dict(mapping)


def wanted_code_finder(codes):
    """A test of whether a line holds one of `codes` as a whole field (quoted or not).

    A prefilter only: a match may be in another column (a ZIP code), and the row's
    code column is checked once it is parsed.
    """
    fields = set()
    for code in codes:
        for field in (code, f'"{code}"'):
            fields.update((field, f"{field}\n", f"{field}\r\n"))

    def has_wanted_code(text):
        # Splitting on commas and one set test both run in C: several times faster than
        # parsing the row, or than a regular expression of the codes.
        return not fields.isdisjoint(text.split(","))

    return has_wanted_code


def parse_count(value, column):
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{column}: {value!r} is not a number") from None
    if number < 0 or number != number:  # negative or NaN
        raise ValueError(f"{column}: {value!r} is not a count")
    return number


def import_procedure_volume(path, **options):
    """Run the import; returns (run, summary dict, rejects). Raises ValueError on a bad
    header, or when another process is importing the same file right now."""
    path = Path(path)
    with FileClaim(ImportRun.Kind.VOLUME, path):
        return read_and_write_volume(path, **options)


def read_and_write_volume(
    path, *, year, source="Medicare", reject_file=None, dry_run=False, progress_stream=None
):
    lines = LineSource(path)
    header = read_header(lines)
    missing = check_header(header, REQUIRED)
    if missing:
        lines.close()
        raise ValueError("Missing required columns: " + ", ".join(missing))
    i_npi, i_code, i_services = (header.index(name) for name in REQUIRED[:3])
    width = len(header)
    codes = procedures_by_code()
    wanted = set(codes)
    pages = PageNumbers(codes)
    figures = extensions.registry.volume_figures
    keep_codes, keep_row, kept = set(), None, None
    if figures is not None:
        keep_row = figures.parser(header)
        if keep_row is not None:
            keep_codes = figures.codes()
            wanted |= keep_codes
            kept = figures.collector()
    # Most rows are for codes no page uses: a row whose line does not even contain one of
    # the wanted codes as a field is passed over without being parsed (so a malformed
    # row for such a code is skipped, not reported: it would be skipped anyway).
    has_wanted_code = wanted_code_finder(wanted)
    run = start_run(
        ImportRun.Kind.VOLUME,
        path,
        {"year": year, "source": source, "dry_run": dry_run},
        data_year=year,
    )
    rejects = RejectWriter(reject_file)
    progress = Progress(lines.size, progress_stream)
    # (NPI, procedure) -> services, keyed by one int (`PageNumbers.key`) in an `IntSums`:
    # a year's file has hundreds of thousands of pairs, and a dict of int and float
    # objects holds each in several times the memory.
    services = IntSums()
    matched_rows = 0
    try:
        with interruptible():
            for line_number, text in lines:
                run.rows_read += 1
                progress.update(run.rows_read, lines.offset)
                if text.__class__ is BadLine:
                    rejects.add(line_number, text.reason, text.detail, line_npi(text))
                    continue
                if len(text) < FIELD_LIMIT and not has_wanted_code(text):
                    continue  # (a line too long to be a row is still parsed, and rejected)
                try:
                    row = parse_csv_line(text)
                except csv.Error as error:
                    rejects.add(line_number, *csv_problem(error), line_npi(text))
                    continue
                if len(row) != width:
                    rejects.add(
                        line_number, "column_count", f"{len(row)} columns, expected {width}"
                    )
                    continue
                code = row[i_code].strip().upper()
                numbers = pages.by_code.get(code)
                keep = code in keep_codes
                if not numbers and not keep:
                    continue  # a service no procedure page covers
                npi = row[i_npi].strip()
                if not is_valid_npi(npi):
                    rejects.add(line_number, "npi_check_digit", f"NPI {npi!r}", npi[:10])
                    continue
                try:
                    count = parse_count(row[i_services].strip(), "Tot_Srvcs")
                    if keep:
                        kept.append(keep_row(row))
                except ValueError as error:
                    reason = getattr(error, "reason", "bad_number")
                    rejects.add(line_number, reason, str(error), npi)
                    continue
                matched_rows += 1
                if not numbers:
                    continue
                for number in numbers:
                    services.add(pages.key(npi, number), count)
    except ImportInterrupted as error:
        rejects.close()
        lines.close()
        finish_run(
            run, ImportRun.Status.INTERRUPTED, message=f"Interrupted ({error}); nothing saved."
        )
        raise
    except Exception as error:
        rejects.close()
        lines.close()
        finish_run(run, ImportRun.Status.FAILED, message=f"{error!r}; nothing saved.")
        raise
    progress.finish(run.rows_read, lines.offset)
    rejects.close()
    checksum = lines.checksum()
    lines.close()

    with transaction.atomic():
        summary = write_volume_links(pages.rows(services), len(services), year=year, source=source)
        run.inserted = summary["created"]
        run.updated = summary["updated"]
        run.unchanged = summary["unchanged"]
        run.skipped = summary["unknown_npis"]
        run.rejected = rejects.count
        if keep_row is not None:
            summary["figures"] = figures.write(kept, run=run, year=year, source=source)
        if dry_run:
            transaction.set_rollback(True)
        else:
            refresh_counts()
    summary.update(matched_rows=matched_rows, rejected=rejects.count, rows=run.rows_read)
    status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.COMPLETED
    finish_run(run, status, checksum=checksum)
    return run, summary, rejects


class PageNumbers:
    """The procedure pages of `procedures_by_code()` numbered 0..n-1, so that an NPI and a
    page make one int below 2**63 (`key`), as `IntSums` needs: an NPI is ten digits, a
    page id may be any 32-bit int."""

    def __init__(self, codes):
        self.ids = sorted({page for pages in codes.values() for page in pages})
        number = {page: n for n, page in enumerate(self.ids)}
        # {HCPCS code: [page numbers]}
        self.by_code = {code: [number[page] for page in pages] for code, pages in codes.items()}

    def key(self, npi, number):
        """(NPI, page number) as one int."""
        return int(npi) * len(self.ids) + number

    def rows(self, services):
        """(npi, procedure id, services) for each key of `services`, one at a time."""
        for key, total in services.items():
            npi, number = divmod(key, len(self.ids))
            yield str(npi).zfill(10), self.ids[number], round(total)


def write_volume_links(rows, pairs, *, year, source):
    """Upsert volume links for `rows`, the `pairs` (npi, procedure) totals; set-based,
    one statement each."""
    link, provider = ProviderProcedure._meta.db_table, Provider._meta.db_table
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS volume_stage "
            "(npi varchar(10), procedure_id bigint, services integer)"
        )
        cursor.execute("DELETE FROM volume_stage")
        if pairs and connection.vendor == "postgresql":
            with cursor.copy("COPY volume_stage (npi, procedure_id, services) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif pairs:
            cursor.executemany(
                "INSERT INTO volume_stage (npi, procedure_id, services) VALUES (%s, %s, %s)",
                list(rows),
            )
        cursor.execute(
            f"SELECT count(*) FROM volume_stage v LEFT JOIN {provider} p ON p.npi = v.npi "
            "WHERE p.id IS NULL"
        )
        unknown = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT count(*) FROM volume_stage v JOIN {provider} p ON p.npi = v.npi "
            f"JOIN {link} l ON l.provider_id = p.id AND l.procedure_id = v.procedure_id"
        )
        existing = cursor.fetchone()[0]
        upsert = (
            f"INSERT INTO {link} AS l (provider_id, procedure_id, basis, annual_volume, "
            "volume_year, volume_source, verified_on, state, provider_live, board_certified, "
            "years_in_practice, sort_name, primary_specialty_id, has_other_specialties) "
            "SELECT p.id, v.procedure_id, %s, v.services, %s, %s, CAST(NULL AS date), p.state, "
            "p.live, COALESCE(p.board_certified, FALSE), COALESCE(p.years_in_practice, 0), "
            f"{SORT_NAME_SQL}, p.primary_specialty_id, {HAS_OTHERS_SQL} "
            f"FROM volume_stage v JOIN {provider} p ON p.npi = v.npi WHERE TRUE "
            "ON CONFLICT (provider_id, procedure_id) DO UPDATE SET "
            # Keep the stronger basis: verified (1) stays verified; specialty (3) -> volume.
            "basis = CASE WHEN l.basis < EXCLUDED.basis "
            "THEN l.basis ELSE EXCLUDED.basis END, "
            "annual_volume = EXCLUDED.annual_volume, volume_year = EXCLUDED.volume_year, "
            "volume_source = EXCLUDED.volume_source "
            "WHERE l.annual_volume <> EXCLUDED.annual_volume "
            f"OR l.volume_year {distinct} EXCLUDED.volume_year "
            "OR l.volume_source <> EXCLUDED.volume_source "
            "OR l.basis > EXCLUDED.basis "
            "RETURNING provider_id"
        )
        parameters = [int(LinkBasis.VOLUME), year, source]
        # Rows inserted, plus existing rows changed. PostgreSQL counts them itself: a
        # client-side cursor would hold every returned row (one per link written) in
        # memory before the first is read.
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH written AS ({upsert}) SELECT count(*) FROM written", parameters)
            written = cursor.fetchone()[0]
        else:
            cursor.execute(upsert, parameters)
            written = sum(1 for _ in cursor)
    known = pairs - unknown
    created = known - existing
    updated = written - created
    return {
        "links": known,
        "created": created,
        "updated": updated,
        "unchanged": existing - updated,
        "unknown_npis": unknown,
    }
