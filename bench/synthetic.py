"""Synthetic NPPES "Data Dissemination" files for benchmarks and tests.

``NPPES_HEADER`` is the project's single copy of the column names of the CMS
NPPES full replacement file (``npidata_pfile_YYYYMMDD-YYYYMMDD.csv``): 330
columns, in the real order. The test fixtures in ``tests/data/nppes_sample*.csv``
use exactly this header.

``write_synthetic_nppes`` streams a file in that format, with every field
double-quoted like the real file. Everything in it is invented: surnames come
from a short list of obviously made-up words, street lines are generic, and
telephone numbers use the fictional 555-01xx range. NPIs are sequential
9-digit prefixes starting at 100000000 plus a computed check digit, so they
are unique and pass the NPI check (they may still coincide with real NPIs;
they carry no real information). A seeded ``random.Random`` makes the output
reproducible.

Speed matters more than variety here: the generator picks pre-built string
segments (names, addresses, dates, taxonomies) with a single random draw per
row and writes in large blocks, so a 1,000,000-row file (about 1.2 GB, like the
real file's ~1.2 KB per row) takes a few seconds.

``write_synthetic_update`` writes a weekly update file for a directory loaded
from such a full file: the same layout, some of its records changed and
deactivated in one week, and new NPIs.

Command line::

    python -m bench.synthetic OUT.csv N [--seed S] [--bad-fraction F]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from core.npi import npi_check_digit
from procedures.demo_files import demo_specialties

# ---------------------------------------------------------------------------
# The real header
# ---------------------------------------------------------------------------

_HEADER_START = [
    "NPI",
    "Entity Type Code",
    "Replacement NPI",
    "Employer Identification Number (EIN)",
    "Provider Organization Name (Legal Business Name)",
    "Provider Last Name (Legal Name)",
    "Provider First Name",
    "Provider Middle Name",
    "Provider Name Prefix Text",
    "Provider Name Suffix Text",
    "Provider Credential Text",
    "Provider Other Organization Name",
    "Provider Other Organization Name Type Code",
    "Provider Other Last Name",
    "Provider Other First Name",
    "Provider Other Middle Name",
    "Provider Other Name Prefix Text",
    "Provider Other Name Suffix Text",
    "Provider Other Credential Text",
    "Provider Other Last Name Type Code",
    "Provider First Line Business Mailing Address",
    "Provider Second Line Business Mailing Address",
    "Provider Business Mailing Address City Name",
    "Provider Business Mailing Address State Name",
    "Provider Business Mailing Address Postal Code",
    "Provider Business Mailing Address Country Code (If outside U.S.)",
    "Provider Business Mailing Address Telephone Number",
    "Provider Business Mailing Address Fax Number",
    "Provider First Line Business Practice Location Address",
    "Provider Second Line Business Practice Location Address",
    "Provider Business Practice Location Address City Name",
    "Provider Business Practice Location Address State Name",
    "Provider Business Practice Location Address Postal Code",
    "Provider Business Practice Location Address Country Code (If outside U.S.)",
    "Provider Business Practice Location Address Telephone Number",
    "Provider Business Practice Location Address Fax Number",
    "Provider Enumeration Date",
    "Last Update Date",
    "NPI Deactivation Reason Code",
    "NPI Deactivation Date",
    "NPI Reactivation Date",
    "Provider Sex Code",
    "Authorized Official Last Name",
    "Authorized Official First Name",
    "Authorized Official Middle Name",
    "Authorized Official Title or Position",
    "Authorized Official Telephone Number",
]

_HEADER_TAXONOMY = [
    name
    for i in range(1, 16)
    for name in (
        f"Healthcare Provider Taxonomy Code_{i}",
        f"Provider License Number_{i}",
        f"Provider License Number State Code_{i}",
        f"Healthcare Provider Primary Taxonomy Switch_{i}",
    )
]

_HEADER_OTHER_IDS = [
    name
    for i in range(1, 51)
    for name in (
        f"Other Provider Identifier_{i}",
        f"Other Provider Identifier Type Code_{i}",
        f"Other Provider Identifier State_{i}",
        f"Other Provider Identifier Issuer_{i}",
    )
]

_HEADER_END = [
    "Is Sole Proprietor",
    "Is Organization Subpart",
    "Parent Organization LBN",
    "Parent Organization TIN",
    "Authorized Official Name Prefix Text",
    "Authorized Official Name Suffix Text",
    "Authorized Official Credential Text",
    *(f"Healthcare Provider Taxonomy Group_{i}" for i in range(1, 16)),
    "Certification Date",
]

#: Column names of the NPPES full file, in order (330 columns).
NPPES_HEADER: list[str] = _HEADER_START + _HEADER_TAXONOMY + _HEADER_OTHER_IDS + _HEADER_END

#: Files published before the 2023/2024 rename call the sex column this.
LEGACY_SEX_COLUMN = "Provider Gender Code"
SEX_COLUMN = "Provider Sex Code"

assert len(NPPES_HEADER) == 330  # noqa: S101 - a module invariant, checked on import

# ---------------------------------------------------------------------------
# Built-in pools (all fictional)
# ---------------------------------------------------------------------------

_LAST_NAMES = [
    "TESTPERSON", "SAMPLEWELL", "FIXTURESON", "MOCKINGTON", "DUMMYFIELD", "PLACEHOLT",
    "EXAMPLEBY", "STUBBLEFORD", "FAKERLY", "NOTAREALNAME", "SYNTHETICA", "TESTWORTH",
    "SAMPLEMAN", "MOCKRIDGE", "FIXTUREDALE", "DUMMYWORTH", "EXAMPLETON", "SAMPLEGROVE",
    "TESTINGHAM", "MOCKWELL", "PROTOTYPO", "FICTIONAL", "INVENTSON", "MADEUPPER",
    "SYNTHMORE", "DATAWELL", "RECORDSBY", "ROWCASTER", "BENCHLEY-TEST", "LOADWRIGHT",
]  # fmt: skip
_FEMALE_FIRST = [
    "ALICE", "CAROL", "ELENA", "GRACE", "IRENE", "KAREN", "MARIA", "NORA", "PAULA",
    "ROSA", "TINA", "UMA", "WENDY", "YOLANDA", "ZOE", "BEATRIZ",
]  # fmt: skip
_MALE_FIRST = [
    "BRIAN", "DAVID", "FRANK", "HENRY", "JAMES", "LEON", "OSCAR", "QUINN", "SAM",
    "VICTOR", "WALTER", "XAVIER", "YUSUF", "ANDRES", "MARCUS", "THEO",
]  # fmt: skip
_MIDDLE = ["", "", "A", "B", "J", "M", "R", "LEE", "MARIE", "T"]
_PREFIX = ["", "", "", "", "DR.", "DR."]
_SUFFIX = ["", "", "", "", "", "", "", "JR.", "II", "III"]
_CREDENTIALS = ["M.D.", "M.D.", "MD", "MD", "D.O.", "DO", "M.D., PH.D.", "MD, FACS", "M.D"]
_STREET_WORDS = ["EXAMPLE", "SAMPLE", "FIXTURE", "TEST", "PLACEHOLDER", "SYNTHETIC", "MOCK"]
_STREET_TYPES = ["ST", "AVE", "BLVD", "DR", "RD", "PKWY", "WAY"]
_ORG_TYPES = [
    "ORTHOPAEDIC ASSOCIATES PLLC", "SPINE AND PAIN CENTER LLC", "SURGERY CENTER LLC",
    "EYE INSTITUTE PA", "DIGESTIVE HEALTH GROUP PC", "MEDICAL GROUP INC",
    "IMAGING PARTNERS LLC", "PHYSICIANS PLLC",
]  # fmt: skip
_AO_TITLES = ["ADMINISTRATOR", "CEO", "PRACTICE MANAGER", "OFFICE MANAGER", "PRESIDENT"]

# (USPS code, rough population in 100k (2020 census), [(city, ZIP5, area code)])
_STATES: list[tuple[str, int, list[tuple[str, str, str]]]] = [
    ("CA", 395, [("LOS ANGELES", "90012", "213"), ("SAN FRANCISCO", "94110", "415"),
                 ("SAN DIEGO", "92103", "619")]),
    ("TX", 291, [("HOUSTON", "77030", "713"), ("DALLAS", "75390", "214"),
                 ("AUSTIN", "78701", "512"), ("SAN ANTONIO", "78229", "210")]),
    ("FL", 215, [("MIAMI", "33136", "305"), ("TAMPA", "33606", "813"),
                 ("ORLANDO", "32806", "407")]),
    ("NY", 202, [("NEW YORK", "10016", "212"), ("BROOKLYN", "11201", "718"),
                 ("ROCHESTER", "14642", "585")]),
    ("PA", 130, [("PHILADELPHIA", "19104", "215"), ("PITTSBURGH", "15213", "412")]),
    ("IL", 128, [("CHICAGO", "60611", "312"), ("SPRINGFIELD", "62702", "217")]),
    ("OH", 118, [("COLUMBUS", "43210", "614"), ("CLEVELAND", "44195", "216")]),
    ("GA", 107, [("ATLANTA", "30322", "404"), ("SAVANNAH", "31405", "912")]),
    ("NC", 104, [("CHARLOTTE", "28204", "704"), ("DURHAM", "27710", "919")]),
    ("MI", 101, [("DETROIT", "48202", "313"), ("ANN ARBOR", "48109", "734")]),
    ("NJ", 93, [("NEWARK", "07103", "973"), ("HACKENSACK", "07601", "201")]),
    ("VA", 86, [("RICHMOND", "23298", "804"), ("NORFOLK", "23507", "757")]),
    ("WA", 77, [("SEATTLE", "98104", "206"), ("SPOKANE", "99204", "509")]),
    ("AZ", 72, [("PHOENIX", "85006", "602"), ("TUCSON", "85724", "520")]),
    ("MA", 70, [("BOSTON", "02114", "617"), ("WORCESTER", "01655", "508")]),
    ("TN", 69, [("NASHVILLE", "37232", "615"), ("MEMPHIS", "38103", "901")]),
    ("IN", 68, [("INDIANAPOLIS", "46202", "317")]),
    ("MD", 62, [("BALTIMORE", "21287", "410")]),
    ("MO", 62, [("SAINT LOUIS", "63110", "314"), ("KANSAS CITY", "64108", "816")]),
    ("WI", 59, [("MILWAUKEE", "53226", "414"), ("MADISON", "53792", "608")]),
    ("CO", 58, [("DENVER", "80204", "303"), ("AURORA", "80045", "720")]),
    ("MN", 57, [("MINNEAPOLIS", "55455", "612"), ("ROCHESTER", "55905", "507")]),
    ("SC", 51, [("CHARLESTON", "29425", "843"), ("COLUMBIA", "29203", "803")]),
    ("AL", 50, [("BIRMINGHAM", "35233", "205")]),
    ("LA", 47, [("NEW ORLEANS", "70112", "504"), ("BATON ROUGE", "70808", "225")]),
    ("KY", 45, [("LOUISVILLE", "40202", "502"), ("LEXINGTON", "40536", "859")]),
    ("OR", 42, [("PORTLAND", "97239", "503")]),
    ("OK", 40, [("OKLAHOMA CITY", "73104", "405"), ("TULSA", "74104", "918")]),
    ("CT", 36, [("NEW HAVEN", "06510", "203"), ("HARTFORD", "06106", "860")]),
    ("UT", 33, [("SALT LAKE CITY", "84132", "801")]),
    ("PR", 33, [("SAN JUAN", "00921", "787"), ("PONCE", "00716", "787")]),
    ("IA", 32, [("DES MOINES", "50309", "515"), ("IOWA CITY", "52242", "319")]),
    ("NV", 31, [("LAS VEGAS", "89102", "702"), ("RENO", "89502", "775")]),
    ("AR", 30, [("LITTLE ROCK", "72205", "501")]),
    ("MS", 30, [("JACKSON", "39216", "601")]),
    ("KS", 29, [("WICHITA", "67214", "316"), ("KANSAS CITY", "66160", "913")]),
    ("NM", 21, [("ALBUQUERQUE", "87106", "505")]),
    ("NE", 20, [("OMAHA", "68198", "402")]),
    ("ID", 18, [("BOISE", "83702", "208")]),
    ("WV", 18, [("MORGANTOWN", "26506", "304")]),
    ("HI", 15, [("HONOLULU", "96813", "808")]),
    ("NH", 14, [("LEBANON", "03756", "603")]),
    ("ME", 14, [("PORTLAND", "04102", "207")]),
    ("RI", 11, [("PROVIDENCE", "02903", "401")]),
    ("MT", 11, [("BILLINGS", "59101", "406")]),
    ("DE", 10, [("WILMINGTON", "19801", "302")]),
    ("SD", 9, [("SIOUX FALLS", "57105", "605")]),
    ("ND", 8, [("FARGO", "58103", "701")]),
    ("AK", 7, [("ANCHORAGE", "99508", "907")]),
    ("DC", 7, [("WASHINGTON", "20007", "202")]),
    ("VT", 6, [("BURLINGTON", "05401", "802")]),
    ("WY", 6, [("CHEYENNE", "82001", "307")]),
]  # fmt: skip

# Rough relative head counts, used to weight the default taxonomy mix.
_DEMO_WEIGHTS = {
    "207X00000X": 20, "207W00000X": 18, "207RG0100X": 15, "208600000X": 15,
    "207XS0114X": 5, "207XS0117X": 4, "207XX0005X": 4, "207XS0106X": 3,
    "207T00000X": 6, "2085R0204X": 4, "2085N0700X": 3, "208VP0014X": 4,
    "207LP2900X": 4, "2081P2900X": 3, "2086S0105X": 1, "2082S0105X": 1,
    "207WX0120X": 1, "208C00000X": 2,
}  # fmt: skip
_OTHER_WEIGHTS = {"207Q00000X": 6, "363L00000X": 8, "207R00000X": 6, "363A00000X": 3}
_DEMO_SHARE = 0.8  # share of individuals with a demo specialty by default
_ORG_TAXONOMIES = ["261QA1903X", "193200000X", "193400000X", "207X00000X", "261QM1300X"]

_ORG_SHARE = 0.03
_DEACTIVATED_SHARE = 0.01
BAD_REASONS = ("npi_check_digit", "unknown_state", "bad_zip", "bad_date", "column_count")

# Pool sizes are powers of two so one 64-bit draw can be sliced into indexes.
_NAME_BITS, _LOC_BITS, _DATE_BITS, _TAX_BITS, _TAIL_BITS = 12, 13, 10, 8, 3
_FIRST_BATCH = 100_000_000
_BLOCK = 512  # rows per write; small blocks stay in CPU cache (8192 was 2.5x slower)

# ---------------------------------------------------------------------------
# Segment pools
# ---------------------------------------------------------------------------


def _q(*fields: str) -> str:
    """Quote fields and end with a comma, like a slice of a real NPPES row."""
    return "".join(f'"{f}",' for f in fields)


def _empty(count: int) -> str:
    return '"",' * count


def _phone(rng: random.Random, area: str) -> str:
    return f"{area}55501{rng.randrange(100):02d}"


def _zip(rng: random.Random, zip5: str) -> str:
    # The real file mixes 9-digit (no hyphen) and 5-digit postal codes.
    return f"{zip5}{rng.randrange(10000):04d}" if rng.random() < 0.6 else zip5


def _date(rng: random.Random, first_year: int, last_year: int) -> str:
    year = rng.randint(first_year, last_year)
    return f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{year}"


def _weighted_states(rng: random.Random, k: int) -> list[int]:
    weights = [w for _, w, _ in _STATES]
    return rng.choices(range(len(_STATES)), weights=weights, k=k)


def _street(rng: random.Random) -> str:
    word, kind = rng.choice(_STREET_WORDS), rng.choice(_STREET_TYPES)
    return f"{rng.randrange(100, 9999)} {word} {kind}"


def _location(rng: random.Random, state_idx: int, state=None, postal=None) -> str:
    """Columns 20-35: mailing then practice location address."""
    code, _, cities = _STATES[state_idx]
    city, zip5, area = rng.choice(cities)
    state = state or code
    line1 = _street(rng)
    line2 = rng.choice(["", "", "", f"STE {rng.randrange(100, 999)}", "FLOOR 2"])
    zip_practice = postal or _zip(rng, zip5)
    phone, fax = _phone(rng, area), (_phone(rng, area) if rng.random() < 0.5 else "")
    practice = (line1, line2, city, state, zip_practice, "US", phone, fax)
    if rng.random() < 0.7:
        mailing = practice
    else:
        po_zip = postal or _zip(rng, zip5)
        mailing = (f"PO BOX {rng.randrange(10, 9999)}", "", city, state, po_zip, "US", phone, "")
    return _q(*mailing, *practice)


def _taxonomy_block(rng: random.Random, codes: list[str], state: str) -> str:
    """Columns 47-306: taxonomy slots 1-15 and other identifiers 1-50."""
    primary = 0 if len(codes) == 1 or rng.random() < 0.5 else 1
    slots = ""
    for i, code in enumerate(codes):
        lic = f"{rng.choice('ABDGKMN')}{rng.randrange(10000, 999999)}"
        slots += _q(code, lic, state, "Y" if i == primary else "N")
    slots += _empty(4 * (15 - len(codes)))
    if rng.random() < 0.3:  # a state Medicaid number, as many real records have
        other = _q(f"{rng.randrange(10**7, 10**8)}", "05", state, "") + _empty(4 * 49)
    else:
        other = _empty(200)
    return slots + other


def _build_pools(
    rng: random.Random, taxonomy_codes: list[str] | None, recent: list[str] | None = None
) -> dict:
    """The row segments; with `recent` (MM/DD/YYYY dates), records are updated and NPIs
    deactivated on those days, as in a weekly update file."""
    if taxonomy_codes:
        codes, weights = list(taxonomy_codes), [1] * len(taxonomy_codes)
    else:
        codes, weights = _default_taxonomy_mix()

    pools: dict = {}
    names, sexes = [], []
    for _ in range(1 << _NAME_BITS):
        sex = rng.choice("FM")
        first = rng.choice(_FEMALE_FIRST if sex == "F" else _MALE_FIRST)
        last, middle = rng.choice(_LAST_NAMES), rng.choice(_MIDDLE)
        prefix, suffix, cred = rng.choice(_PREFIX), rng.choice(_SUFFIX), rng.choice(_CREDENTIALS)
        # Columns 1-19: entity type 1, no EIN / org name, no "other name".
        names.append(_q("1", "", "", "", last, first, middle, prefix, suffix, cred) + _empty(9))
        sexes.append(0 if sex == "F" else 1)
    pools["names"], pools["sexes"] = names, sexes

    loc_states = _weighted_states(rng, 1 << _LOC_BITS)
    pools["locs"] = [_location(rng, s) for s in loc_states]
    pools["loc_states"] = loc_states
    pools["loc_zz"] = [_location(rng, s, state="ZZ") for s in loc_states[:256]]
    pools["loc_badzip"] = [_location(rng, s, postal="12AB5") for s in loc_states[:256]]

    # Columns 36-46: enumeration/update dates, no deactivation, sex, no official.
    def dates(sex: str, enumerated: str | None = None) -> str:
        enum = enumerated or _date(rng, 2005, 2023)
        update = rng.choice(recent) if recent else _date(rng, min(int(enum[-4:]) + 1, 2024), 2024)
        return _q(enum, update, "", "", "", sex) + _empty(5)

    pools["dates"] = [[dates(sex) for _ in range(1 << _DATE_BITS)] for sex in "FM"]
    pools["dates_bad"] = [[dates(sex, "13/45/2020") for _ in range(64)] for sex in "FM"]

    # Columns 47-306 per state: taxonomies (12% have two, primary on either).
    tax_by_state = []
    for code, _, _ in _STATES:
        block = []
        for _ in range(1 << _TAX_BITS):
            chosen = rng.choices(codes, weights=weights, k=2)
            if rng.random() >= 0.12 or chosen[0] == chosen[1]:
                chosen = chosen[:1]
            block.append(_taxonomy_block(rng, chosen, code))
        tax_by_state.append(block)
    pools["tax"] = tax_by_state

    # Columns 307-329: sole proprietor flag, empty org/official/group fields,
    # certification date (empty for older records).
    pools["tail"] = [
        _q(rng.choice("YNNX"), "", "", "", "", "", "")
        + _empty(15)
        + f'"{_date(rng, 2019, 2024) if rng.random() < 0.6 else ""}"\n'
        for _ in range(1 << _TAIL_BITS)
    ]

    # Whole organization rows (minus the NPI).
    orgs = []
    org_states = _weighted_states(rng, 512)
    for s in org_states:
        code = _STATES[s][0]
        _, _, cities = _STATES[s]
        area = cities[0][2]
        org_name = f"{rng.choice(_LAST_NAMES)} {rng.choice(_ORG_TYPES)}"
        enum = _date(rng, 2005, 2023)
        ao = (rng.choice(_LAST_NAMES), rng.choice(_FEMALE_FIRST + _MALE_FIRST), "")
        head = _q("2", "", "", org_name) + _empty(15)
        official = _q(*ao, rng.choice(_AO_TITLES), _phone(rng, area))
        dates_org = _q(enum, _date(rng, min(int(enum[-4:]) + 1, 2024), 2024), "", "", "", "")
        tax = _taxonomy_block(rng, [rng.choice(_ORG_TAXONOMIES)], code)
        end = _q("", "N", "", "", "", "", "MBA" if rng.random() < 0.2 else "") + _empty(15)
        orgs.append(head + _location(rng, s) + dates_org + official + tax + end + '""\n')
    pools["orgs"] = orgs

    # Deactivated NPIs: only the NPI and the deactivation date are published.
    pools["deactivated"] = [
        _empty(38)
        + _q(rng.choice(recent) if recent else _date(rng, 2008, 2024))
        + _empty(289)
        + '""\n'
        for _ in range(64)
    ]
    return pools


def _default_taxonomy_mix() -> tuple[list[str], list[float]]:
    demo = [s["code"] for s in demo_specialties()]
    demo_w = [_DEMO_WEIGHTS.get(c, 2) for c in demo]
    other, other_w = list(_OTHER_WEIGHTS), list(_OTHER_WEIGHTS.values())
    scale_demo = _DEMO_SHARE / sum(demo_w)
    scale_other = (1 - _DEMO_SHARE) / sum(other_w)
    return demo + other, [w * scale_demo for w in demo_w] + [w * scale_other for w in other_w]


# ---------------------------------------------------------------------------
# Writer
# ---------------------------------------------------------------------------


def write_synthetic_nppes(
    path,
    rows: int,
    seed: int = 1,
    bad_fraction: float = 0.02,
    taxonomy_codes: list[str] | None = None,
) -> dict:
    """Write ``rows`` data rows in NPPES full-file format to ``path``.

    About 3% of rows are organizations (entity type 2), 1% deactivated NPIs
    (only NPI and deactivation date filled), ``bad_fraction`` deliberately
    invalid rows spread at random through the file (cycling through
    ``BAD_REASONS``), and the rest individuals (entity type 1). Returns the
    counts: ``rows``, ``individuals``, ``organizations``, ``deactivated``,
    ``bad`` and ``bad_by_reason``.
    """
    if rows < 0:
        raise ValueError("rows must be >= 0")
    if not 0 <= bad_fraction <= 0.5:
        raise ValueError("bad_fraction must be between 0 and 0.5")
    if _FIRST_BATCH + rows > 999_999_999:
        raise ValueError("too many rows for 9-digit NPI prefixes")

    rng = random.Random(seed)  # noqa: S311 - test data, not security
    pools = _build_pools(rng, taxonomy_codes)

    # Row kinds: 0 individual, 1 organization, 2 deactivated, 3+ bad (by reason).
    n_bad = round(rows * bad_fraction)
    n_org = min(round(rows * _ORG_SHARE), rows - n_bad)
    n_deact = min(round(rows * _DEACTIVATED_SHARE), rows - n_bad - n_org)
    kinds = bytearray(rows)
    special = rng.sample(range(rows), n_bad + n_org + n_deact)
    for i, pos in enumerate(special[:n_bad]):
        kinds[pos] = 3 + i % len(BAD_REASONS)
    for pos in special[n_bad : n_bad + n_org]:
        kinds[pos] = 1
    for pos in special[n_bad + n_org :]:
        kinds[pos] = 2

    names, sexes, locs, loc_states = (
        pools["names"],
        pools["sexes"],
        pools["locs"],
        pools["loc_states"],
    )
    dates, tax, tails = pools["dates"], pools["tax"], pools["tail"]
    orgs, deact = pools["orgs"], pools["deactivated"]
    check_digit = npi_check_digit
    getrandbits = rng.getrandbits
    name_mask, loc_mask = (1 << _NAME_BITS) - 1, (1 << _LOC_BITS) - 1
    date_mask, tax_mask = (1 << _DATE_BITS) - 1, (1 << _TAX_BITS) - 1
    tail_mask = (1 << _TAIL_BITS) - 1
    loc_shift = _NAME_BITS
    date_shift = loc_shift + _LOC_BITS
    tax_shift = date_shift + _DATE_BITS
    tail_shift = tax_shift + _TAX_BITS

    bad_by_reason = dict.fromkeys(BAD_REASONS, 0)
    header = '"' + '","'.join(NPPES_HEADER) + '"\n'
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        f.write(header)
        for start in range(0, rows, _BLOCK):
            buf = []
            append = buf.append
            for i in range(start, min(start + _BLOCK, rows)):
                prefix = str(_FIRST_BATCH + i)
                check = check_digit(prefix)
                kind = kinds[i]
                r = getrandbits(64)
                if kind == 0:
                    name_i = r & name_mask
                    loc_i = (r >> loc_shift) & loc_mask
                    append(
                        f'"{prefix}{check}",{names[name_i]}{locs[loc_i]}'
                        f"{dates[sexes[name_i]][(r >> date_shift) & date_mask]}"
                        f"{tax[loc_states[loc_i]][(r >> tax_shift) & tax_mask]}"
                        f"{tails[(r >> tail_shift) & tail_mask]}"
                    )
                elif kind == 1:
                    append(f'"{prefix}{check}",{orgs[r & 511]}')
                elif kind == 2:
                    append(f'"{prefix}{check}",{deact[r & 63]}')
                else:
                    reason = BAD_REASONS[kind - 3]
                    bad_by_reason[reason] += 1
                    append(_bad_row(reason, prefix, check, r, pools))
            f.write("".join(buf))

    return {
        "rows": rows,
        "individuals": rows - n_bad - n_org - n_deact,
        "organizations": n_org,
        "deactivated": n_deact,
        "bad": n_bad,
        "bad_by_reason": bad_by_reason,
    }


def _individual_row(npi: str, r: int, pools: dict) -> str:
    """An individual's row, its segments picked by the 64 random bits `r`."""
    name_i = r & ((1 << _NAME_BITS) - 1)
    loc_i = (r >> _NAME_BITS) & ((1 << _LOC_BITS) - 1)
    date_i = (r >> (_NAME_BITS + _LOC_BITS)) & ((1 << _DATE_BITS) - 1)
    tax_i = (r >> (_NAME_BITS + _LOC_BITS + _DATE_BITS)) & ((1 << _TAX_BITS) - 1)
    tail_i = (r >> (_NAME_BITS + _LOC_BITS + _DATE_BITS + _TAX_BITS)) & ((1 << _TAIL_BITS) - 1)
    return (
        f'"{npi}",{pools["names"][name_i]}{pools["locs"][loc_i]}'
        f"{pools['dates'][pools['sexes'][name_i]][date_i]}"
        f"{pools['tax'][pools['loc_states'][loc_i]][tax_i]}{pools['tail'][tail_i]}"
    )


def full_file_npi(row: int) -> str:
    """The NPI of data row `row` (from 0) of a file `write_synthetic_nppes` wrote."""
    prefix = str(_FIRST_BATCH + row)
    return f"{prefix}{npi_check_digit(prefix)}"


def full_file_row(npi: str) -> int:
    """The data row (from 0) of a `write_synthetic_nppes` file that holds `npi`."""
    return int(npi[:9]) - _FIRST_BATCH


def write_synthetic_update(
    path,
    rows: int,
    full_rows: int,
    seed: int = 2,
    week_end: date = date(2025, 1, 4),
    new_share: float = 0.1,
    deactivated_share: float = 0.02,
) -> dict:
    """Write a weekly NPPES update file for a directory loaded from a full file of
    ``full_rows`` rows written by `write_synthetic_nppes`: same header and layout,
    ``rows`` records updated or deactivated in the week ending ``week_end``.

    About ``new_share`` of the rows are newly enumerated NPIs (after the full file's),
    ``deactivated_share`` deactivate NPIs of the full file, and the rest are records
    of the full file updated that week: new practice location, name and taxonomy
    drawn afresh, so many providers change state and specialty, the costliest kind of
    update. Each NPI appears once. Returns the counts and the NPIs by kind.
    """
    if rows < 0 or full_rows < 0:
        raise ValueError("rows must be >= 0")
    n_new = round(rows * new_share)
    n_deactivated = round(rows * deactivated_share)
    n_changed = rows - n_new - n_deactivated
    if n_changed + n_deactivated > full_rows:
        raise ValueError("more updated rows than the full file has")
    if _FIRST_BATCH + full_rows + n_new > 999_999_999:
        raise ValueError("too many rows for 9-digit NPI prefixes")
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    week = [f"{day:%m/%d/%Y}" for day in (week_end - timedelta(days=n) for n in range(7))]
    pools = _build_pools(rng, None, recent=week)
    known = rng.sample(range(full_rows), n_changed + n_deactivated)
    kinds = ["changed"] * n_changed + ["deactivated"] * n_deactivated + ["new"] * n_new
    npis = [full_file_npi(i) for i in known] + [full_file_npi(full_rows + j) for j in range(n_new)]
    order = list(range(rows))
    rng.shuffle(order)  # the kinds mixed through the file, as NPIs come in the real one
    by_kind: dict[str, list[str]] = {"changed": [], "deactivated": [], "new": []}
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        f.write('"' + '","'.join(NPPES_HEADER) + '"\n')
        for i in order:
            kind, npi, r = kinds[i], npis[i], rng.getrandbits(64)
            by_kind[kind].append(npi)
            if kind == "deactivated":
                f.write(f'"{npi}",{pools["deactivated"][r & 63]}')
            else:
                f.write(_individual_row(npi, r, pools))
    return {"rows": rows, **{kind: len(found) for kind, found in by_kind.items()}, "npis": by_kind}


def _bad_row(reason: str, prefix: str, check: int, r: int, pools: dict) -> str:
    """An individual row with exactly one defect (rare, so no fast path needed)."""
    name_i = r & ((1 << _NAME_BITS) - 1)
    loc_i = (r >> _NAME_BITS) & ((1 << _LOC_BITS) - 1)
    sex = pools["sexes"][name_i]
    npi = f"{prefix}{check}"
    loc = pools["locs"][loc_i]
    dates = pools["dates"][sex][(r >> 25) & 1023]
    if reason == "npi_check_digit":
        npi = f"{prefix}{(check + 1 + (r >> 40) % 9) % 10}"  # any digit but the right one
    elif reason in ("unknown_state", "bad_zip"):
        loc_i &= 255  # these pools were built from the first 256 location states
        loc = pools["loc_zz" if reason == "unknown_state" else "loc_badzip"][loc_i]
    elif reason == "bad_date":
        dates = pools["dates_bad"][sex][(r >> 25) & 63]
    state_i = pools["loc_states"][loc_i]
    row = (
        f'"{npi}",{pools["names"][name_i]}{loc}{dates}'
        f"{pools['tax'][state_i][(r >> 35) & 255]}{pools['tail'][(r >> 43) & 7]}"
    )
    if reason == "column_count":
        row = row.rstrip("\n").rsplit(",", 5)[0] + "\n"  # drop the last 5 columns
    return row


# ---------------------------------------------------------------------------
# Medicare "by Provider and Service" (billing volume)
# ---------------------------------------------------------------------------

#: Column names of the CMS "Medicare Physician & Other Practitioners - by Provider
#: and Service" file (``MUP_PHY_..._Prov_Svc.csv``), in order.
MEDICARE_HEADER: list[str] = [
    "Rndrng_NPI", "Rndrng_Prvdr_Last_Org_Name", "Rndrng_Prvdr_First_Name", "Rndrng_Prvdr_MI",
    "Rndrng_Prvdr_Crdntls", "Rndrng_Prvdr_Ent_Cd", "Rndrng_Prvdr_St1", "Rndrng_Prvdr_St2",
    "Rndrng_Prvdr_City", "Rndrng_Prvdr_State_Abrvtn", "Rndrng_Prvdr_State_FIPS",
    "Rndrng_Prvdr_Zip5", "Rndrng_Prvdr_RUCA", "Rndrng_Prvdr_RUCA_Desc", "Rndrng_Prvdr_Cntry",
    "Rndrng_Prvdr_Type", "Rndrng_Prvdr_Mdcr_Prtcptg_Ind", "HCPCS_Cd", "HCPCS_Desc",
    "HCPCS_Drug_Ind", "Place_Of_Srvc", "Tot_Benes", "Tot_Srvcs", "Tot_Bene_Day_Srvcs",
    "Avg_Sbmtd_Chrg", "Avg_Mdcr_Alowd_Amt", "Avg_Mdcr_Pymt_Amt", "Avg_Mdcr_Stdzd_Amt",
]  # fmt: skip

_RUCA_METRO = (
    "1",
    "Metropolitan area core: primary flow within an urbanized area of 50,000 and greater",
)
_PROVIDER_TYPES = [
    "Diagnostic Radiology", "Interventional Radiology", "Orthopedic Surgery",
    "Neurosurgery", "Physical Medicine and Rehabilitation", "Pain Management",
    "Ophthalmology", "Gastroenterology", "Internal Medicine",
]  # fmt: skip
# State FIPS codes of the states in _STATES (Rndrng_Prvdr_State_FIPS).
_FIPS = {
    "AL": "01", "AK": "02", "AZ": "04", "AR": "05", "CA": "06", "CO": "08", "CT": "09",
    "DE": "10", "DC": "11", "FL": "12", "GA": "13", "HI": "15", "ID": "16", "IL": "17",
    "IN": "18", "IA": "19", "KS": "20", "KY": "21", "LA": "22", "ME": "23", "MD": "24",
    "MA": "25", "MI": "26", "MN": "27", "MS": "28", "MO": "29", "MT": "30", "NE": "31",
    "NV": "32", "NH": "33", "NJ": "34", "NM": "35", "NY": "36", "NC": "37", "ND": "38",
    "OH": "39", "OK": "40", "OR": "41", "PA": "42", "RI": "44", "SC": "45", "SD": "46",
    "TN": "47", "TX": "48", "UT": "49", "VT": "50", "VA": "51", "WA": "53", "WV": "54",
    "WI": "55", "WY": "56", "PR": "72",
}  # fmt: skip
_CMS_SUPPRESSED_BELOW = 11  # CMS leaves out any provider/code with fewer than 11 beneficiaries


def write_synthetic_volume(
    path,
    npis: list[str],
    codes: list[str],
    year_rows: int | None = None,
    seed: int = 1,
) -> dict:
    """Write one year of a synthetic Medicare "by Provider and Service" CSV to ``path``.

    Like the real file, there is one row per (NPI, HCPCS code, place of service):
    ``year_rows`` data rows (default two per NPI) are spread evenly over ``npis``,
    each NPI billing distinct (code, facility/office) pairs drawn from ``codes``.
    Volumes start at 11 because CMS suppresses smaller counts; about one count in
    ten is written as ``"23.0"``, as the real file sometimes does. Names and
    addresses are fictional (the importer matches on the NPI). Returns ``rows``,
    ``npis`` and ``services`` (the sum of Tot_Srvcs by code).
    """
    if not npis or not codes:
        raise ValueError("need at least one NPI and one code")
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    year_rows = 2 * len(npis) if year_rows is None else year_rows
    pairs = [(code, place) for code in codes for place in "FO"]
    per_npi, extra = divmod(year_rows, len(npis))
    services: dict[str, int] = dict.fromkeys(codes, 0)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MEDICARE_HEADER)
        for i, npi in enumerate(npis):
            count = min(per_npi + (i < extra), len(pairs))
            if not count:
                continue
            code_state, _, cities = _STATES[rng.randrange(len(_STATES))]
            city, zip5, _ = rng.choice(cities)
            provider = [
                npi,
                rng.choice(_LAST_NAMES).title(),
                rng.choice(_FEMALE_FIRST + _MALE_FIRST).title(),
                rng.choice("ABJMRT"),
                rng.choice(_CREDENTIALS),
                "I",
                _street(rng).title(),
                "",
                city.title(),
                code_state,
                _FIPS[code_state],
                zip5,
                *_RUCA_METRO,
                "US",
                rng.choice(_PROVIDER_TYPES),
                "Y",
            ]
            for code, place in rng.sample(pairs, count):
                total = rng.randint(_CMS_SUPPRESSED_BELOW, 400)
                benes = rng.randint(_CMS_SUPPRESSED_BELOW, total)
                charge = rng.uniform(150, 9000)
                allowed = charge * rng.uniform(0.08, 0.3)
                writer.writerow(
                    [
                        *provider,
                        code,
                        f"Synthetic service {code}",
                        "N",
                        place,
                        benes,
                        f"{total}.0" if rng.random() < 0.1 else total,
                        rng.randint(benes, total),
                        f"{charge:.2f}",
                        f"{allowed:.2f}",
                        f"{allowed * 0.8:.2f}",
                        f"{allowed * 0.78:.2f}",
                    ]
                )
                services[code] += total
                rows += 1
    return {"rows": rows, "npis": len(npis), "services": services}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synthetic",
        description="Write a synthetic NPPES-format CSV (fictional data).",
    )
    parser.add_argument("out", type=Path, help="output CSV path")
    parser.add_argument("rows", type=int, help="number of data rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-fraction", type=float, default=0.02)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    counts = write_synthetic_nppes(
        args.out, args.rows, seed=args.seed, bad_fraction=args.bad_fraction
    )
    elapsed = time.perf_counter() - started
    counts["seconds"] = round(elapsed, 3)
    counts["rows_per_second"] = round(args.rows / elapsed) if elapsed else None
    counts["bytes"] = args.out.stat().st_size
    sys.stdout.write(json.dumps(counts, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
