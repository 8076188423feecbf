"""Each doctor's figures from the by-provider file, kept by `import_procedure_volume`.

The volume importer (`providers.importers.volume`) reads "Medicare Physician & Other
Practitioners - by Provider and Service" once, for its links; through
`providers.extensions` it hands this module the rows whose code a procedure page uses
(its `procedure_codes` or its billing codes), and writes what we keep in the same
transaction as its links: the year is replaced whole, or not at all.
"""

import tempfile
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import connection

from core.int_keys import IntSet
from providers.extensions import RowRejected
from providers.importers.nppes import copy_field

from ..choices import PlaceOfService
from ..models import ProcedureBillingCode, ProviderServiceFigure
from .publish import publish

COLUMNS = (
    "Rndrng_NPI",
    "HCPCS_Cd",
    "Place_Of_Srvc",
    "Rndrng_Prvdr_State_Abrvtn",
    "Tot_Benes",
    "Tot_Srvcs",
    "Avg_Sbmtd_Chrg",
    "Avg_Mdcr_Alowd_Amt",
    "Avg_Mdcr_Pymt_Amt",
    "Avg_Mdcr_Stdzd_Amt",
)
PLACES = frozenset(PlaceOfService.values)
# The model's columns, in the order `parser` returns a row's values.
FIGURE_COLUMNS = (
    "npi",
    "hcpcs",
    "place_of_service",
    "state",
    "total_beneficiaries",
    "total_services",
    "avg_submitted_charge",
    "avg_allowed_amount",
    "avg_payment_amount",
    "avg_standardized_amount",
)


def amount(value, column):
    text = value.strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowRejected("bad_number", f"{column}: {text!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise RowRejected("bad_number", f"{column}: {text!r} is not an amount")
    return number.quantize(Decimal("0.01"))


class Spool:
    """The rows kept from one file, until the import's one transaction writes them.

    A year's file keeps hundreds of thousands of rows; held as Python objects they would
    make the importer's memory grow with the file. On PostgreSQL each row is written at
    once as a line of COPY text to a temporary file, and `copy` streams that file into
    the table; SQLite (the demo's few rows) keeps a list for `bulk_create`.
    """

    CHUNK = 1 << 20

    def __init__(self):
        self.count = 0
        self.file = None
        self.rows = []
        if connection.vendor == "postgresql":
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def append(self, row):
        self.count += 1
        if self.file is None:
            self.rows.append(row)
        else:
            self.file.write("\t".join(map(copy_field, row)) + "\n")

    def __len__(self):
        return self.count

    def __iter__(self):
        """The rows themselves (SQLite only: on PostgreSQL they are COPY text)."""
        if self.file is not None:
            raise TypeError("a PostgreSQL spool is read as COPY text (chunks)")
        return iter(self.rows)

    def chunks(self, prefix):
        """The COPY text, each line starting with `prefix` (the columns every row shares)."""
        self.file.seek(0)
        while True:
            lines = self.file.readlines(self.CHUNK)
            if not lines:
                return
            yield "".join(prefix + line for line in lines)

    def close(self):
        if self.file is not None:
            self.file.close()


class ByProviderFigures:
    """The `providers.extensions.VolumeFigures` of this app."""

    def collector(self):
        return Spool()

    def codes(self):
        """Codes some procedure page uses: its billing codes and its `procedure_codes`."""
        found = set(ProcedureBillingCode.objects.values_list("code", flat=True))
        pages = apps.get_model("procedures", "ProcedurePage").objects.exclude(procedure_codes="")
        for text in pages.values_list("procedure_codes", flat=True):
            found.update(code.strip().upper() for code in text.split(",") if code.strip())
        return found

    def parser(self, header):
        """A function from a row to what we keep; None when the file lacks the figures'
        columns (an extract with counts only: then only the links are written)."""
        if any(name not in header for name in COLUMNS):
            return None
        at = [header.index(name) for name in COLUMNS]
        # (NPI, code, place) already read, as one int each in an `IntSet` (12-20 bytes a
        # row kept): a set of tuples of strings, or even of ints, grows by far more.
        seen, code_ids = IntSet(), {}

        def keep(row):
            npi, code, place, state, benes, services, *amounts = (row[i].strip() for i in at)
            code = code.upper()
            place = place.upper()
            if place not in PLACES:
                raise RowRejected("bad_place", f"Place_Of_Srvc {place!r} is not F or O")
            code_id = code_ids.setdefault(code, len(code_ids))
            key = (int(npi) * (len(PLACES) << 20) + code_id) * 2 + (place == "F")
            if key in seen:
                raise RowRejected("duplicate", f"{npi} {code} {place} is on an earlier line")
            try:
                beneficiaries = int(float(benes))
                count = Decimal(services).quantize(Decimal("0.1"))
            except (ValueError, InvalidOperation):
                raise RowRejected(
                    "bad_number", f"Tot_Benes/Tot_Srvcs: {benes!r}/{services!r}"
                ) from None
            if beneficiaries < 0 or count < 0:
                raise RowRejected("bad_number", "negative count")
            values = [amount(text, name) for text, name in zip(amounts, COLUMNS[6:], strict=True)]
            seen.add(key)
            return (npi, code, place, state.upper()[:2], beneficiaries, count, *values)

        return keep

    def write(self, rows, *, run, year, source):
        try:
            if connection.vendor == "postgresql":
                self.copy(rows, run.pk, year)
            else:
                self.create(rows, run, year)
        finally:
            if isinstance(rows, Spool):
                rows.close()
        publish(ProviderServiceFigure, run, year=year, source=source, rows=len(rows))
        return len(rows)

    def copy(self, rows, run_id, year):
        """COPY: a year's rows (hundreds of thousands) without a model object each."""
        table = ProviderServiceFigure._meta.db_table
        columns = ", ".join(["run_id", "year", *FIGURE_COLUMNS])
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            if isinstance(rows, Spool):
                for chunk in rows.chunks(f"{run_id}\t{year}\t"):
                    copy.write(chunk)
            else:
                for row in rows:
                    copy.write_row((run_id, year, *row))

    def create(self, rows, run, year):
        figures = [
            ProviderServiceFigure(
                year=year,
                run=run,
                npi=npi,
                hcpcs=code,
                place_of_service=place,
                state=state,
                total_beneficiaries=benes,
                total_services=services,
                avg_submitted_charge=submitted,
                avg_allowed_amount=allowed,
                avg_payment_amount=paid,
                avg_standardized_amount=standardized,
            )
            for (
                npi,
                code,
                place,
                state,
                benes,
                services,
                submitted,
                allowed,
                paid,
                standardized,
            ) in rows
        ]
        ProviderServiceFigure.objects.bulk_create(figures, batch_size=5000)
