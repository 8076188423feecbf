"""The sample data files in tests/data and the synthetic NPPES generator.

No database: these only read files and write a small synthetic file to tmp_path.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from stdnum import luhn

from bench.synthetic import BAD_REASONS, NPPES_HEADER, write_synthetic_nppes
from procedures.demo_files import demo_specialties

DATA = Path(__file__).resolve().parent.parent / "data"
NUCC_HEADER = [
    "Code",
    "Grouping",
    "Classification",
    "Specialization",
    "Definition",
    "Notes",
    "Display Name",
    "Section",
]
MEDICARE_HEADER_LINE = (
    "Rndrng_NPI,Rndrng_Prvdr_Last_Org_Name,Rndrng_Prvdr_First_Name,Rndrng_Prvdr_MI,"
    "Rndrng_Prvdr_Crdntls,Rndrng_Prvdr_Ent_Cd,Rndrng_Prvdr_St1,Rndrng_Prvdr_St2,"
    "Rndrng_Prvdr_City,Rndrng_Prvdr_State_Abrvtn,Rndrng_Prvdr_State_FIPS,Rndrng_Prvdr_Zip5,"
    "Rndrng_Prvdr_RUCA,Rndrng_Prvdr_RUCA_Desc,Rndrng_Prvdr_Cntry,Rndrng_Prvdr_Type,"
    "Rndrng_Prvdr_Mdcr_Prtcptg_Ind,HCPCS_Cd,HCPCS_Desc,HCPCS_Drug_Ind,Place_Of_Srvc,"
    "Tot_Benes,Tot_Srvcs,Tot_Bene_Day_Srvcs,Avg_Sbmtd_Chrg,Avg_Mdcr_Alowd_Amt,"
    "Avg_Mdcr_Pymt_Amt,Avg_Mdcr_Stdzd_Amt"
)
MEDICARE_HEADER = next(csv.reader([MEDICARE_HEADER_LINE]))

COL = {name: i for i, name in enumerate(NPPES_HEADER)}
PRACTICE_STATE = COL["Provider Business Practice Location Address State Name"]
PRACTICE_ZIP = COL["Provider Business Practice Location Address Postal Code"]
ENUMERATION_DATE = COL["Provider Enumeration Date"]
DEACTIVATION_DATE = COL["NPI Deactivation Date"]


def luhn_npi_ok(npi: str) -> bool:
    """Independent of core.npi: python-stdnum's Luhn over "80840" + the 10-digit NPI."""
    return len(npi) == 10 and luhn.is_valid("80840" + npi)


def read_rows(path: Path) -> list[list[str]]:
    """All rows, tolerating the deliberately invalid UTF-8 row."""
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def nppes_expected():
    return json.loads((DATA / "nppes_sample.expected.json").read_text())


@pytest.fixture(scope="module")
def medicare_expected():
    return json.loads((DATA / "medicare_sample.expected.json").read_text())


def test_luhn_reference_values():
    assert luhn_npi_ok("1234567893")
    assert not luhn_npi_ok("1234567890")


def test_header_is_the_real_330_columns():
    assert len(NPPES_HEADER) == 330
    assert len(set(NPPES_HEADER)) == 330
    assert NPPES_HEADER[:2] == ["NPI", "Entity Type Code"]
    assert NPPES_HEADER[COL["Healthcare Provider Taxonomy Code_1"] :][:4] == [
        "Healthcare Provider Taxonomy Code_1",
        "Provider License Number_1",
        "Provider License Number State Code_1",
        "Healthcare Provider Primary Taxonomy Switch_1",
    ]
    assert NPPES_HEADER[-1] == "Certification Date"


@pytest.mark.parametrize("name", ["nppes_sample.csv", "nppes_sample_update.csv"])
def test_sample_header_matches_generator_header(name):
    with open(DATA / name, "rb") as f:
        first_line = f.readline().decode("utf-8")
    assert next(csv.reader([first_line])) == NPPES_HEADER
    assert first_line.startswith('"NPI","Entity Type Code",')  # every field quoted


def test_gender_sample_uses_the_older_column_name():
    header = read_rows(DATA / "nppes_sample_gender.csv")[0]
    expected = ["Provider Gender Code" if h == "Provider Sex Code" else h for h in NPPES_HEADER]
    assert header == expected


def test_expected_valid_npis_pass_the_check_digit(nppes_expected):
    npis = [p["npi"] for p in nppes_expected["valid_individuals"]]
    npis += nppes_expected["organization_npis"] + [nppes_expected["deactivated_npi"]]
    npis += [p["npi"] for p in nppes_expected["update"]["new"]]
    assert len(npis) == len(set(npis))
    assert all(luhn_npi_ok(npi) for npi in npis), [n for n in npis if not luhn_npi_ok(n)]


def test_expected_json_matches_the_nppes_sample(nppes_expected):
    rows = read_rows(DATA / "nppes_sample.csv")
    assert len(rows) - 1 == nppes_expected["total_data_rows"]
    by_npi = {row[0]: row for row in rows[1:]}
    for person in nppes_expected["valid_individuals"]:
        row = by_npi[person["npi"]]
        assert len(row) == 330
        assert row[COL["Entity Type Code"]] == "1"
        assert row[PRACTICE_STATE] == person["state"]
        switches = [(row[COL[f"Healthcare Provider Taxonomy Code_{i}"]],
                     row[COL[f"Healthcare Provider Primary Taxonomy Switch_{i}"]])
                    for i in range(1, 16)]  # fmt: skip
        assert [code for code, switch in switches if switch == "Y"] == [person["primary_taxonomy"]]
    multi = by_npi[nppes_expected["multi_taxonomy_primary_not_first"]]
    assert multi[COL["Healthcare Provider Primary Taxonomy Switch_1"]] == "N"
    assert multi[COL["Healthcare Provider Primary Taxonomy Switch_2"]] == "Y"
    for npi in nppes_expected["organization_npis"]:
        assert by_npi[npi][COL["Entity Type Code"]] == "2"
    deactivated = by_npi[nppes_expected["deactivated_npi"]]
    assert deactivated[DEACTIVATION_DATE]
    assert [v for v in deactivated if v] == [deactivated[0], deactivated[DEACTIVATION_DATE]]


def test_bad_rows_are_where_the_expected_json_says(nppes_expected):
    lines = (DATA / "nppes_sample.csv").read_bytes().split(b"\n")
    bad = {b["line"]: b["reason"] for b in nppes_expected["bad_rows"]}
    assert sorted(bad.values()) == sorted(
        ["npi_check_digit", "unknown_state", "bad_zip", "bad_date", "column_count", "encoding"]
    )
    assert max(bad) < len(lines) - 2, "bad rows must sit in the middle of the file"
    for number, raw in enumerate(lines[:-1], start=1):
        reason = bad.get(number)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            assert reason == "encoding"
            continue
        row = next(csv.reader([text]))
        if number == 1:
            continue
        problems = set()
        if len(row) != 330:
            problems.add("column_count")
        if not luhn_npi_ok(row[0]):
            problems.add("npi_check_digit")
        if len(row) == 330 and row[COL["Entity Type Code"]] == "1":
            if row[PRACTICE_STATE] == "ZZ":
                problems.add("unknown_state")
            if not row[PRACTICE_ZIP].isdigit() or len(row[PRACTICE_ZIP]) not in (5, 9):
                problems.add("bad_zip")
            if int(row[ENUMERATION_DATE][:2]) > 12:
                problems.add("bad_date")
        assert problems == ({reason} if reason else set()), (number, problems)


def test_update_sample_against_expected(nppes_expected):
    update = nppes_expected["update"]
    rows = read_rows(DATA / "nppes_sample_update.csv")
    assert len(rows) - 1 == update["total_data_rows"]
    by_npi = {row[0]: row for row in rows[1:]}
    assert all(len(row) == 330 and luhn_npi_ok(row[0]) for row in rows[1:])
    gone = update["newly_deactivated"][0]
    assert by_npi[gone["npi"]][DEACTIVATION_DATE] == gone["deactivation_date"]
    assert by_npi[gone["npi"]][COL["Entity Type Code"]] == ""
    credential = next(c for c in update["changed"] if "credential" in c["changes"])
    assert by_npi[credential["npi"]][COL["Provider Credential Text"]] == "D.O., M.P.H."
    for change in update["changed"]:
        if "city" in change["changes"]:
            city = COL["Provider Business Practice Location Address City Name"]
            assert by_npi[change["npi"]][city] == change["changes"]["city"]
    old = {row[0]: row for row in read_rows(DATA / "nppes_sample.csv")[1:]}
    for npi in update["unchanged_individual_npis"]:
        assert by_npi[npi] == old[npi]


def test_nucc_files_have_the_real_header_and_the_demo_codes():
    specialties = demo_specialties()
    demo = {s["code"] for s in specialties}
    for path in (DATA / "nucc_taxonomy_sample.csv", DATA.parent.parent / "providers" / "data"
                 / "nucc_taxonomy_subset.csv"):  # fmt: skip
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == NUCC_HEADER
        assert all(len(row) == 8 for row in rows)
        codes = {row[0] for row in rows[1:]}
        assert demo | {"207Q00000X", "363L00000X", "207R00000X"} <= codes
        assert {row[7] for row in rows[1:]} <= {"Individual", "Non-Individual"}
        assert any("," in r[4] and '"' in r[4] and "\n" in r[4] for r in rows[1:])
        names = {row[0]: row[6] for row in rows[1:]}
        for spec in specialties:
            assert names[spec["code"]] == spec["display_name"]


def test_medicare_sample_header_and_bad_row(medicare_expected):
    with open(DATA / "medicare_by_provider_service_sample.csv", "rb") as f:
        assert f.readline() == MEDICARE_HEADER_LINE.encode() + b"\n"
    with open(DATA / "medicare_by_provider_service_sample.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == MEDICARE_HEADER
    assert len(rows) - 1 == medicare_expected["total_data_rows"]
    tot_srvcs = MEDICARE_HEADER.index("Tot_Srvcs")
    (bad,) = medicare_expected["bad_rows"]
    for number, row in enumerate(rows[1:], start=2):
        assert len(row) == len(MEDICARE_HEADER)
        assert row[MEDICARE_HEADER.index("Rndrng_Prvdr_Ent_Cd")] in ("I", "O")
        try:
            float(row[tot_srvcs])
        except ValueError:
            assert number == bad["line"]
    assert rows[medicare_expected["decimal_tot_srvcs_line"] - 1][tot_srvcs] == "23.0"


def test_medicare_links_refer_to_sample_providers(nppes_expected, medicare_expected):
    valid = {p["npi"] for p in nppes_expected["valid_individuals"]}
    assert {link["npi"] for link in medicare_expected["links"]} <= valid
    assert medicare_expected["unknown_npi"] not in valid
    assert luhn_npi_ok(medicare_expected["unknown_npi"])


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


def classify(row: list[str]) -> str:
    if len(row) != 330:
        return "column_count"
    if not luhn_npi_ok(row[0]):
        return "npi_check_digit"
    entity = row[COL["Entity Type Code"]]
    if entity == "":
        assert row[DEACTIVATION_DATE]
        return "deactivated"
    if entity == "2":
        return "organization"
    assert entity == "1"
    if row[PRACTICE_STATE] == "ZZ":
        return "unknown_state"
    if not row[PRACTICE_ZIP].isdigit():
        return "bad_zip"
    if row[ENUMERATION_DATE] == "13/45/2020":
        return "bad_date"
    return "individual"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "npidata_pfile_synthetic.csv"
    counts = write_synthetic_nppes(path, 2000, seed=7)
    return path, counts


def test_generator_writes_header_and_rows(synthetic):
    path, counts = synthetic
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == NPPES_HEADER
    assert len(rows) - 1 == 2000 == counts["rows"]
    assert path.read_text(encoding="utf-8").split("\n", 2)[1].startswith('"')


def test_generator_counts_match_the_file(synthetic):
    path, counts = synthetic
    with open(path, newline="", encoding="utf-8") as f:
        kinds = [classify(row) for row in list(csv.reader(f))[1:]]
    tally = {kind: kinds.count(kind) for kind in set(kinds)}
    assert tally.get("individual", 0) == counts["individuals"]
    assert tally.get("organization", 0) == counts["organizations"]
    assert tally.get("deactivated", 0) == counts["deactivated"]
    assert sum(tally.get(reason, 0) for reason in BAD_REASONS) == counts["bad"]
    assert {r: tally.get(r, 0) for r in BAD_REASONS} == counts["bad_by_reason"]
    total = counts["individuals"] + counts["organizations"] + counts["deactivated"]
    assert total + counts["bad"] == counts["rows"]
    assert counts["bad"] == 40 and all(n == 8 for n in counts["bad_by_reason"].values())
    assert counts["organizations"] == 60 and counts["deactivated"] == 20
    bad_positions = [i for i, kind in enumerate(kinds) if kind in BAD_REASONS]
    assert bad_positions[0] < 500 and bad_positions[-1] > 1500  # spread through the file


def test_generator_npis_are_unique_and_valid(synthetic):
    path, _ = synthetic
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    good = [row[0] for row in rows if classify(row) not in BAD_REASONS]
    assert len(good) == len(set(good))
    assert all(luhn_npi_ok(npi) for npi in good)
    assert len({row[0] for row in rows}) == len(rows)


def test_generator_spread_and_determinism(synthetic, tmp_path):
    path, _ = synthetic
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in list(csv.reader(f))[1:] if classify(r) == "individual"]
    states = {r[PRACTICE_STATE] for r in rows}
    assert {"CA", "TX", "FL", "NY"} <= states
    primary = [
        r[COL[f"Healthcare Provider Taxonomy Code_{i}"]]
        for r in rows
        for i in range(1, 16)
        if r[COL[f"Healthcare Provider Primary Taxonomy Switch_{i}"]] == "Y"
    ]
    assert len(primary) == len(rows)
    demo = {s["code"] for s in demo_specialties()}
    assert 0.6 < sum(code in demo for code in primary) / len(primary) < 0.95

    again = tmp_path / "again.csv"
    write_synthetic_nppes(again, 2000, seed=7)
    assert again.read_bytes() == path.read_bytes()


def test_generator_taxonomy_codes_and_no_bad_rows(tmp_path):
    path = tmp_path / "one_code.csv"
    counts = write_synthetic_nppes(path, 300, seed=3, bad_fraction=0, taxonomy_codes=["207X00000X"])
    assert counts["bad"] == 0
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    individuals = [r for r in rows if classify(r) == "individual"]
    assert len(individuals) == counts["individuals"]
    assert {r[COL["Healthcare Provider Taxonomy Code_1"]] for r in individuals} == {"207X00000X"}


def test_synthetic_weekly_file_updates_deactivates_and_adds_npis_of_the_full_file(
    synthetic, tmp_path
):
    from datetime import date

    from bench.synthetic import write_synthetic_update

    full, _ = synthetic
    with open(full, newline="", encoding="utf-8") as f:
        # By the first nine digits: the full file's bad rows have a wrong check digit.
        full_prefixes = {row[0][:9] for row in list(csv.reader(f))[1:]}
    path = tmp_path / "npidata_pfile_20241229-20250104.csv"
    counts = write_synthetic_update(path, 300, full_rows=2000, week_end=date(2025, 1, 4))
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == NPPES_HEADER
    rows = rows[1:]
    assert len(rows) == 300 == counts["rows"]
    assert (counts["changed"], counts["deactivated"], counts["new"]) == (264, 6, 30)
    kinds = {row[0]: classify(row) for row in rows}
    assert len(kinds) == 300  # each NPI once
    npis = counts["npis"]
    assert {kinds[n] for n in npis["deactivated"]} == {"deactivated"}
    assert {kinds[n] for n in npis["changed"] + npis["new"]} == {"individual"}
    assert {npi[:9] for npi in npis["changed"] + npis["deactivated"]} <= full_prefixes
    assert not {npi[:9] for npi in npis["new"]} & full_prefixes
    week = {f"12/{day}/2024" for day in range(29, 32)} | {f"01/0{d}/2025" for d in range(1, 5)}
    last_update = COL["Last Update Date"]
    assert {row[last_update] for row in rows if kinds[row[0]] == "individual"} <= week
    assert {row[DEACTIVATION_DATE] for row in rows if kinds[row[0]] == "deactivated"} <= week


def test_synthetic_volume_file_has_the_cms_header_and_consistent_totals(tmp_path):
    from bench.synthetic import MEDICARE_HEADER, write_synthetic_volume

    real_header = (DATA / "medicare_by_provider_service_sample.csv").read_text().splitlines()[0]
    assert ",".join(MEDICARE_HEADER) == real_header
    path = tmp_path / "volume.csv"
    npis = ["1234567893", "1245319599"]
    result = write_synthetic_volume(path, npis, ["22510", "27447"], year_rows=4, seed=2)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result["rows"] == 4
    assert {row["Rndrng_NPI"] for row in rows} == set(npis)
    totals = {"22510": 0, "27447": 0}
    for row in rows:
        assert float(row["Tot_Srvcs"]) >= 11  # CMS suppresses smaller counts
        totals[row["HCPCS_Cd"]] += float(row["Tot_Srvcs"])
    assert totals == {code: float(n) for code, n in result["services"].items()}
