"""The published layouts of the Medicare payment files, and how one row of each is read.

CMS publishes each file with a few lines of title and copyright notice above its header,
and the relative value file (PPRRVU) with its header split over two rows ("WORK" above
"RVU"). So a layout finds its header by what the header row says (`is_header`), joins
the header rows below it whose first cell is empty, and finds each column by a pattern
on the joined name rather than by position: CMS renames and adds columns between years
("2026 PW GPCI (with 1.0 Floor)"), and a column found by name survives that.

These layouts are written from CMS's published files as we know them; see docs/costs.md
for what could not be checked against a real file.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from providers.geography import state_code

from ..choices import DatasetKind
from ..models import (
    FeeScheduleItem,
    LocalityCounty,
    OutpatientRate,
    PaymentLocality,
    SurgeryCenterRate,
)
from ..validation import is_hcpcs_code


class RowError(Exception):
    """A row that cannot be kept: a short reason (for counting) and the detail."""

    def __init__(self, reason, detail=""):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class SkipRow(Exception):
    """A row that is not data and not an error: a footnote under the table."""


def normalize(name):
    """ "Non-Fac\\nPE RVU " -> "NON-FAC PE RVU"."""
    return " ".join(str(name).replace("\ufeff", "").split()).upper()


def number(value, column, *, blank=None):
    """A decimal from a cell ("1,234.56", "$6,127.05", "0.00"); `blank` when empty."""
    text = value.strip().replace("$", "").replace(",", "")
    if not text:
        if blank is None:
            raise RowError("missing_value", f"{column} is empty")
        return blank
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise RowError("bad_number", f"{column}: {value.strip()!r} is not a number") from None
    if not result.is_finite() or result < 0:
        raise RowError("bad_number", f"{column}: {value.strip()!r} is not a positive number")
    return result


def hcpcs(value):
    code = value.strip().upper()
    if not is_hcpcs_code(code):
        raise RowError("bad_code", f"HCPCS {value.strip()!r} is not a CPT or HCPCS code")
    return code


@dataclass
class Layout:
    """One file's layout: which model it fills, how its header looks, its columns."""

    kind: str
    model: type
    label: str
    # Patterns on the normalized header name, per field; the first column that matches
    # the first pattern that matches anything wins.
    columns: dict
    optional: tuple = ()
    header_hint: str = ""
    # (field name, ...) that makes a row unique in one file.
    key: tuple = ()
    # parse(cells: {field: text}) -> model fields; raises RowError or SkipRow.
    parse: object = None
    # Fill a blank cell from the row above (the locality file writes a state once).
    carry: tuple = ()

    def is_header(self, cells):
        return any(normalize(cell) == self.header_hint for cell in cells)

    def find_columns(self, names):
        """{field: column index} for the joined header names; ValueError naming the
        columns that are missing."""
        found, missing = {}, []
        for name, patterns in self.columns.items():
            index = None
            for pattern in patterns:
                regex = re.compile(pattern)
                index = next((i for i, column in enumerate(names) if regex.search(column)), None)
                if index is not None:
                    break
            if index is None:
                if name not in self.optional:
                    missing.append(f"{name} ({patterns[0]})")
                continue
            found[name] = index
        if missing:
            raise ValueError(
                f"The {self.label} header has no column for: " + "; ".join(missing) + "."
            )
        return found


def parse_rvu(cells):
    code = hcpcs(cells["hcpcs"])
    status = cells["status"].strip().upper()
    if len(status) != 1 or not status.isalpha():
        raise RowError("bad_status", f"status {cells['status'].strip()!r} is not a status code")
    modifier = cells.get("modifier", "").strip().upper()
    if len(modifier) > 2:
        raise RowError("bad_modifier", f"modifier {modifier!r} is longer than 2 characters")
    zero = Decimal("0")
    return {
        "hcpcs": code,
        "modifier": modifier,
        "status": status,
        "work_rvu": number(cells["work_rvu"], "WORK RVU", blank=zero),
        "pe_nonfacility_rvu": number(cells["pe_nonfacility_rvu"], "NON-FAC PE RVU", blank=zero),
        "nonfacility_na": cells.get("nonfacility_na", "").strip().upper() == "NA",
        "pe_facility_rvu": number(cells["pe_facility_rvu"], "FACILITY PE RVU", blank=zero),
        "facility_na": cells.get("facility_na", "").strip().upper() == "NA",
        "mp_rvu": number(cells["mp_rvu"], "MP RVU", blank=zero),
        "global_days": cells.get("global_days", "").strip().upper()[:3],
        "conversion_factor": number(cells["conversion_factor"], "CONV FACTOR"),
    }


def is_footnote(cells, *data_fields):
    """Only the first column filled (or nothing): a note under the table, not a row."""
    return all(not cells[name].strip() for name in data_fields)


def parse_gpci(cells):
    if is_footnote(cells, "locality", "gpci_work", "gpci_pe", "gpci_mp"):
        raise SkipRow
    mac = cells["mac"].strip()
    if not (mac.isdigit() and len(mac) <= 5):
        raise RowError("bad_mac", f"contractor {mac!r} is not a MAC number")
    state = state_code(cells["state"].strip())
    if not state:
        raise RowError("bad_state", f"state {cells['state'].strip()!r} is not a US state")
    locality = cells["locality"].strip()
    if not (locality.isdigit() and len(locality) <= 2):
        raise RowError("bad_locality", f"locality {locality!r} is not a locality number")
    return {
        "mac": mac.zfill(5),
        "locality": locality.zfill(2),
        "state": state,
        "name": " ".join(cells["name"].split())[:120],
        "gpci_work": number(cells["gpci_work"], "PW GPCI"),
        "gpci_pe": number(cells["gpci_pe"], "PE GPCI"),
        "gpci_mp": number(cells["gpci_mp"], "MP GPCI"),
    }


def parse_locality_county(cells):
    if is_footnote(cells, "locality", "fee_schedule_area"):
        raise SkipRow
    mac = cells["mac"].strip()
    if not (mac.isdigit() and len(mac) <= 5):
        raise RowError("bad_mac", f"contractor {mac!r} is not a MAC number")
    locality = cells["locality"].strip()
    if not (locality.isdigit() and len(locality) <= 2):
        raise RowError("bad_locality", f"locality {locality!r} is not a locality number")
    state = state_code(cells["state"].strip())
    if not state:
        raise RowError("bad_state", f"state {cells['state'].strip()!r} is not a US state")
    return {
        "mac": mac.zfill(5),
        "locality": locality.zfill(2),
        "state": state,
        "fee_schedule_area": " ".join(cells["fee_schedule_area"].split())[:120],
        "counties": " ".join(cells.get("counties", "").split()),
    }


def parse_opps(cells):
    indicator = cells["status_indicator"].strip().upper()
    if not indicator or len(indicator) > 2 or not indicator.isalnum():
        raise RowError("bad_indicator", f"SI {cells['status_indicator'].strip()!r}")
    return {
        "hcpcs": hcpcs(cells["hcpcs"]),
        "status_indicator": indicator,
        "apc": cells.get("apc", "").strip()[:5],
        "payment_rate": number(cells["payment_rate"], "Payment Rate", blank=False) or None,
        "national_copayment": number(
            cells.get("national_copayment", ""), "National Unadjusted Copayment", blank=False
        )
        or None,
    }


def parse_asc(cells):
    indicator = cells["payment_indicator"].strip().upper()
    if not indicator or len(indicator) > 2 or not indicator.isalnum():
        raise RowError("bad_indicator", f"Payment Indicator {cells['payment_indicator'].strip()!r}")
    return {
        "hcpcs": hcpcs(cells["hcpcs"]),
        "payment_indicator": indicator,
        "payment_rate": number(cells["payment_rate"], "Payment Rate", blank=False) or None,
    }


LAYOUTS = {
    DatasetKind.PFS_RVU: Layout(
        kind=DatasetKind.PFS_RVU,
        model=FeeScheduleItem,
        label="PPRRVU relative value file",
        header_hint="HCPCS",
        columns={
            "hcpcs": [r"^HCPCS( CODE)?$"],
            "modifier": [r"^MOD(IFIER)?$"],
            "status": [r"^(CODE )?STATUS( CODE)?$", r"STATUS"],
            "work_rvu": [r"^WORK RVUS?$", r"WORK RVU"],
            "pe_nonfacility_rvu": [r"^NON-?FAC(ILITY)? PE RVUS?$", r"NON-?FAC(ILITY)? PE RVU"],
            "nonfacility_na": [r"^NON-?FAC(ILITY)? NA IND"],
            "pe_facility_rvu": [r"^FACILITY PE RVUS?$", r"^FACILITY PE RVU"],
            "facility_na": [r"^FACILITY NA IND"],
            "mp_rvu": [r"^(MP|MALPRACTICE|PLI) RVUS?$", r"^(MP|MALPRACTICE|PLI) RVU"],
            "global_days": [r"^GLOB(AL)? DAYS$"],
            "conversion_factor": [r"^CONV(ERSION)? FACTOR$"],
        },
        optional=("modifier", "nonfacility_na", "facility_na", "global_days"),
        key=("hcpcs", "modifier"),
        parse=parse_rvu,
    ),
    DatasetKind.PFS_GPCI: Layout(
        kind=DatasetKind.PFS_GPCI,
        model=PaymentLocality,
        label="GPCI file",
        header_hint="LOCALITY NUMBER",
        columns={
            "mac": [r"CONTRACTOR|^MAC$|^CARRIER"],
            "state": [r"^STATE$"],
            "locality": [r"^LOCALITY (NUMBER|NO\.?)$", r"^LOCALITY$"],
            "name": [r"^LOCALITY NAME$"],
            # The work GPCI with the 1.0 floor Congress keeps extending is the one paid.
            "gpci_work": [r"(PW|WORK) GPCI.*WITH 1\.0 FLOOR", r"(PW|WORK) GPCI(?!.*WITHOUT)"],
            "gpci_pe": [r"\bPE GPCI"],
            "gpci_mp": [r"\b(MP|MALPRACTICE|PLI) GPCI"],
        },
        key=("mac", "locality"),
        parse=parse_gpci,
    ),
    DatasetKind.PFS_LOCALITY: Layout(
        kind=DatasetKind.PFS_LOCALITY,
        model=LocalityCounty,
        label="locality-county file",
        header_hint="LOCALITY NUMBER",
        columns={
            # CMS spells it "Adminstrative" in some years: match on "CONTRACTOR".
            "mac": [r"CONTRACTOR|^MAC$|^CARRIER"],
            "locality": [r"^LOCALITY (NUMBER|NO\.?)$", r"^LOCALITY$"],
            "state": [r"^STATE$"],
            "fee_schedule_area": [r"FEE SCHEDULE AREA", r"LOCALITY NAME"],
            "counties": [r"^COUNT(Y|IES)$"],
        },
        optional=("counties",),
        key=("mac", "locality", "state", "fee_schedule_area"),
        parse=parse_locality_county,
        carry=("mac", "state"),
    ),
    DatasetKind.OPPS: Layout(
        kind=DatasetKind.OPPS,
        model=OutpatientRate,
        label="OPPS Addendum B",
        header_hint="HCPCS CODE",
        columns={
            "hcpcs": [r"^HCPCS( CODE)?$"],
            "status_indicator": [r"^SI$", r"STATUS INDICATOR"],
            "apc": [r"^APC$"],
            "payment_rate": [r"^PAYMENT RATE$", r"^PAYMENT RATE"],
            "national_copayment": [r"^NATIONAL UNADJUSTED COPAYMENT$"],
        },
        optional=("apc", "national_copayment"),
        key=("hcpcs",),
        parse=parse_opps,
    ),
    DatasetKind.ASC: Layout(
        kind=DatasetKind.ASC,
        model=SurgeryCenterRate,
        label="ASC Addendum AA",
        header_hint="HCPCS CODE",
        columns={
            "hcpcs": [r"^HCPCS( CODE)?$"],
            "payment_indicator": [r"^PAYMENT INDICATOR$", r"PAYMENT INDICATOR"],
            "payment_rate": [r"^(CY \d{4} )?PAYMENT RATE$", r"PAYMENT RATE"],
        },
        key=("hcpcs",),
        parse=parse_asc,
    ),
}
