"""Load the NUCC Health Care Provider Taxonomy code set (the `Specialty` table).

The official CSV (nucc_taxonomy_NNN.csv) has about 900 rows whose Definition
and Notes fields contain commas, quotes and line breaks, so it is parsed with
the csv module over the whole (small) file. Rows are upserted by code. Being
read whole, a UTF-16 copy (as Excel saves "Unicode Text") is simply decoded.
"""

import codecs
import csv
import hashlib
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from ..import_records import ImportRun
from ..models import Specialty, taxonomy_code_validator
from .base import csv_problem, finish_run, not_utf8_text, start_run
from .liveness import FileClaim
from .rejects import RejectWriter

HEADER = [
    "Code",
    "Grouping",
    "Classification",
    "Specialization",
    "Definition",
    "Notes",
    "Display Name",
    "Section",
]
FIELDS = {
    "grouping": "Grouping",
    "classification": "Classification",
    "specialization": "Specialization",
    "display_name": "Display Name",
    "definition": "Definition",
}


def load_nucc_taxonomy(path, reject_file=None):
    """Upsert every valid row; returns (run, rejects). Raises ValueError on a bad header,
    or when another process is loading the same file right now."""
    path = Path(path)
    with FileClaim(ImportRun.Kind.NUCC, path):
        return load_rows(path, reject_file)


def load_rows(path, reject_file):
    raw = path.read_bytes()
    text = decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        problem = csv_problem(error)[1]
        raise ValueError(f"Line 1 (the header) is not readable CSV: {problem}.") from None
    missing = [name for name in HEADER if name not in header]
    if missing:
        raise ValueError("Missing required NUCC columns: " + ", ".join(missing))

    run = start_run(ImportRun.Kind.NUCC, path, {})
    rejects = RejectWriter(reject_file)
    try:
        upsert_rows(run, reader, header, rejects)
    except Exception as error:
        rejects.close()
        finish_run(run, ImportRun.Status.FAILED, message=f"{error!r}; nothing saved.")
        raise
    rejects.close()
    finish_run(run, ImportRun.Status.COMPLETED, checksum=hashlib.sha256(raw).hexdigest())
    return run, rejects


def upsert_rows(run, reader, header, rejects):
    """Every row in one transaction: the code set is small and must not be half-loaded."""
    index = {name: header.index(name) for name in HEADER}
    existing = {s.code: s for s in Specialty.objects.all()}
    seen = set()
    with transaction.atomic():
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:  # the reader carries on with the next record
                run.rows_read += 1
                rejects.add(reader.line_num, *csv_problem(error))
                continue
            line = reader.line_num
            run.rows_read += 1
            if len(row) != len(header):
                rejects.add(line, "column_count", f"{len(row)} columns, expected {len(header)}")
                continue
            code = row[index["Code"]].strip().upper()
            try:
                taxonomy_code_validator(code)
            except ValidationError:
                rejects.add(line, "bad_code", f"code {code!r}")
                continue
            if code in seen:
                rejects.add(line, "duplicate_code", f"code {code} appears twice")
                continue
            seen.add(code)
            values = {field: row[index[column]].strip() for field, column in FIELDS.items()}
            if not values["classification"]:
                rejects.add(line, "missing_classification", code)
                continue
            specialty = existing.get(code)
            if specialty is None:
                Specialty.objects.create(code=code, **values)
                run.inserted += 1
            elif any(getattr(specialty, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(specialty, field, value)
                specialty.save()
                run.updated += 1
            else:
                run.unchanged += 1
        run.rejected = rejects.count


def decode(raw, path):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not raw.startswith(
        codecs.BOM_UTF32_LE
    ):
        return raw.decode("utf-16")
    problem = not_utf8_text(raw[:4096], path)
    if problem:
        raise ValueError(problem)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # older NUCC files were published in Windows-1252
