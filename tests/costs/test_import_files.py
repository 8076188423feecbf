"""import_medicare_costs: the five payment files in CMS's published layouts."""

import csv
import os
import signal
from decimal import Decimal

import pytest

from django.core.management import CommandError

from costs.importers import files
from costs.models import (
    Dataset,
    FeeScheduleItem,
    LocalityCounty,
    OutpatientRate,
    PaymentLocality,
    SurgeryCenterRate,
)
from providers.import_records import ImportRun

from .conftest import FILES, import_file


def reject_rows(path):
    with path.open(newline="") as handle:
        return [(row["line"], row["reason"]) for row in csv.DictReader(handle)]


@pytest.mark.django_db
def test_pprrvu_header_over_two_rows_below_the_notes_is_read(tmp_path):
    import_file("pprrvu", tmp_path=tmp_path)
    item = FeeScheduleItem.objects.published().get(hcpcs="22510", modifier="")
    assert (item.year, item.status, item.global_days) == (2026, "A", "010")
    assert (item.work_rvu, item.pe_nonfacility_rvu, item.pe_facility_rvu, item.mp_rvu) == (
        Decimal("8.05"),
        Decimal("40.12"),
        Decimal("4.13"),
        Decimal("0.68"),
    )
    assert item.conversion_factor == Decimal("33.4009")
    kypho = FeeScheduleItem.objects.get(hcpcs="22513")
    assert (kypho.nonfacility_na, kypho.facility_na) == (True, False)
    # Modifiers are rows of their own; the carrier-priced code keeps its status.
    assert set(
        FeeScheduleItem.objects.filter(hcpcs="72292").values_list("modifier", flat=True)
    ) == {
        "",
        "26",
        "TC",
    }
    assert FeeScheduleItem.objects.get(hcpcs="0200T").status == "C"
    assert FeeScheduleItem.objects.count() == 11
    dataset = Dataset.objects.get(kind="pfs_rvu")
    assert (dataset.year, dataset.file_name, dataset.rows) == (2026, "PPRRVU2026_sample.csv", 11)
    run = ImportRun.objects.get(kind="pfs_rvu")
    assert (run.status, run.data_year, run.inserted, run.rejected) == ("completed", 2026, 11, 0)


@pytest.mark.django_db
def test_gpci_localities_and_footnote(tmp_path):
    output = import_file("gpci", tmp_path=tmp_path)
    houston = PaymentLocality.objects.published().get(state="TX", name="HOUSTON")
    assert (houston.mac, houston.locality) == ("04412", "18")
    assert (houston.gpci_work, houston.gpci_pe, houston.gpci_mp) == (
        Decimal("1.000"),
        Decimal("1.008"),
        Decimal("0.877"),
    )
    assert PaymentLocality.objects.filter(state="TX").count() == 5
    # The note under the table is not a row, and not an error.
    run = ImportRun.objects.get(kind="pfs_gpci")
    assert (run.rejected, run.skipped) == (0, 1)
    assert "rejected               0" in output


@pytest.mark.django_db
def test_locality_file_writes_the_state_once_and_names_it_in_full(tmp_path):
    import_file("locality", tmp_path=tmp_path)
    rows = LocalityCounty.objects.published().filter(mac="04412").order_by("locality")
    assert [(row.locality, row.state, row.counties) for row in rows] == [
        ("09", "TX", "BRAZORIA"),
        ("11", "TX", "DALLAS"),
        ("18", "TX", "HARRIS"),
        ("31", "TX", "TRAVIS"),
        ("99", "TX", "ALL OTHER COUNTIES"),
    ]


@pytest.mark.django_db
def test_opps_and_asc_rates_and_indicators(tmp_path):
    import_file("opps", tmp_path=tmp_path)
    import_file("asc", tmp_path=tmp_path)
    opps = OutpatientRate.objects.published().get(hcpcs="22510")
    assert (opps.status_indicator, opps.apc, opps.payment_rate, opps.national_copayment) == (
        "J1",
        "5114",
        Decimal("6546.78"),
        Decimal("1309.36"),
    )
    assert OutpatientRate.objects.get(hcpcs="22512").payment_rate is None
    asc = SurgeryCenterRate.objects.published().get(hcpcs="22513")
    assert (asc.payment_indicator, asc.payment_rate) == ("J8", Decimal("5610.93"))
    assert SurgeryCenterRate.objects.get(hcpcs="22515").payment_indicator == "N1"


def pprrvu_with(tmp_path, *extra_rows, drop=()):
    """The sample PPRRVU file with rows added at its end and codes left out."""
    lines = FILES["pprrvu"].read_text().splitlines()
    kept = [line for line in lines if not any(line.startswith(f"{code},") for code in drop)]
    path = tmp_path / "PPRRVU_edited.csv"
    path.write_text("\r\n".join([*kept, *extra_rows]) + "\r\n")
    return path, len(kept)


def rvu_line(code, work="1.00", status="A", cf="33.4009", mod=""):
    cells = [code, mod, "x", status, "", work, "2.00", "", "0.50", "", "0.10"]
    cells += ["3.10", "1.60", "0", "000"] + ["0"] * 9 + [cf] + [""] * 6
    return ",".join(cells)


@pytest.mark.django_db
def test_bad_rows_are_rejected_with_line_numbers_and_good_rows_kept(tmp_path):
    path, count = pprrvu_with(
        tmp_path,
        rvu_line("99999"),
        rvu_line("ABCDE"),  # not a code
        rvu_line("99998", work="lots"),
        rvu_line("99997", status="??"),
        rvu_line("99999"),  # twice
        "99996,,x,A",  # too short
        rvu_line("99995", cf=""),
    )
    rejects = tmp_path / "pprrvu.rejects.csv"
    output = import_file("pprrvu", path, tmp_path=tmp_path)
    assert reject_rows(rejects) == [
        (str(count + 2), "bad_code"),
        (str(count + 3), "bad_number"),
        (str(count + 4), "bad_status"),
        (str(count + 5), "duplicate"),
        (str(count + 6), "column_count"),
        (str(count + 7), "missing_value"),
    ]
    assert f"line {count + 5}: duplicate (99999 is also on line {count + 1:,})" in output
    assert FeeScheduleItem.objects.published().filter(hcpcs="99999").count() == 1
    assert FeeScheduleItem.objects.count() == 12


@pytest.mark.django_db
def test_reimporting_a_year_replaces_it_and_other_years_stay(tmp_path):
    import_file("pprrvu", tmp_path=tmp_path)
    import_file("pprrvu", year=2025, tmp_path=tmp_path)
    path, _ = pprrvu_with(tmp_path, rvu_line("99999"), drop=("22515",))
    output = import_file("pprrvu", path, tmp_path=tmp_path)
    assert "11 rows of earlier imports of 2026 replaced" in output
    this_year = FeeScheduleItem.objects.published().filter(year=2026)
    assert set(this_year.values_list("hcpcs", flat=True)) >= {"99999", "22510"}
    assert not this_year.filter(hcpcs="22515").exists()
    assert this_year.values("run").distinct().count() == 1
    assert FeeScheduleItem.objects.published().filter(year=2025).count() == 11
    assert Dataset.objects.get(kind="pfs_rvu", year=2026).file_name == "PPRRVU_edited.csv"


@pytest.mark.django_db
def test_a_header_naming_another_year_is_refused(tmp_path):
    with pytest.raises(CommandError, match="names the year 2026, not 2025"):
        import_file("gpci", year=2025, tmp_path=tmp_path)
    assert not PaymentLocality.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_or_header_is_named(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("Title\r\nHCPCS Code,Short Descriptor,APC,Payment Rate\r\n22510,x,5114,$1\r\n")
    with pytest.raises(CommandError, match="status_indicator"):
        import_file("opps", path, tmp_path=tmp_path)
    path.write_text("just,some\r\ncells,here\r\n")
    with pytest.raises(CommandError, match="no OPPS Addendum B header"):
        import_file("opps", path, tmp_path=tmp_path)
    assert not ImportRun.objects.filter(kind="opps").exists()


@pytest.mark.django_db
def test_dry_run_publishes_nothing(tmp_path):
    output = import_file("asc", None, "--dry-run", tmp_path=tmp_path)
    assert "Dry run" in output
    assert not SurgeryCenterRate.objects.exists()
    assert not Dataset.objects.exists()


def ctrl_c():
    raise KeyboardInterrupt


def sigterm():
    os.kill(os.getpid(), signal.SIGTERM)  # `interruptible` turns it into a clean stop


@pytest.mark.django_db
@pytest.mark.parametrize("stop", [ctrl_c, sigterm], ids=["ctrl-c", "sigterm"])
def test_interrupted_import_publishes_nothing_and_resume_finishes_it(tmp_path, monkeypatch, stop):
    """Batches of 2: the third batch is interrupted (Ctrl-C, or SIGTERM as a process
    manager sends it). The year's earlier import stays what pages show; --resume
    continues after the last batch, and the result (rows, rejects with line numbers) is
    that of one clean run."""
    import_file("pprrvu", year=2026, tmp_path=tmp_path)
    old_run = Dataset.objects.get(kind="pfs_rvu").run_id
    path, count = pprrvu_with(tmp_path, rvu_line("99999"), rvu_line("BAD"), drop=("22515",))
    written = []
    real_write = files.write_batch

    def interrupt_third(model, rows):
        if len(written) == 2:
            stop()
        written.append(len(rows))
        real_write(model, rows)

    monkeypatch.setattr(files, "write_batch", interrupt_third)
    with pytest.raises(CommandError, match="--resume") as stopped:
        import_file("pprrvu", path, "--batch-size=2", tmp_path=tmp_path)
    assert stopped.value.returncode == 130
    run = ImportRun.objects.filter(kind="pfs_rvu").latest("pk")
    assert run.status == "interrupted"
    assert run.inserted == 4
    # Pages still read the earlier import, whole.
    assert Dataset.objects.get(kind="pfs_rvu").run_id == old_run
    assert FeeScheduleItem.objects.published().count() == 11
    assert FeeScheduleItem.objects.published().filter(hcpcs="22515").exists()

    monkeypatch.setattr(files, "write_batch", real_write)
    output = import_file("pprrvu", path, "--batch-size=2", "--resume", tmp_path=tmp_path)
    assert f"Resuming after line {run.committed_line:,}" in output
    published = FeeScheduleItem.objects.published()
    assert published.count() == 11  # 11 - 22515 + 99999
    assert not published.filter(hcpcs="22515").exists()
    assert published.values("run").distinct().count() == 1
    assert FeeScheduleItem.objects.count() == 11  # the old year's rows are gone
    assert reject_rows(tmp_path / "pprrvu.rejects.csv") == [(str(count + 2), "bad_code")]
    final = ImportRun.objects.filter(kind="pfs_rvu").latest("pk")
    assert (final.status, final.inserted, final.rejected) == ("completed", 11, 1)


@pytest.mark.django_db
def test_a_killed_import_is_found_by_the_next_and_resumed(tmp_path, monkeypatch):
    """A process killed mid-import never records its end: its run says `running`. The
    next import of the file finds nobody holds the file's lock, marks it interrupted
    (resumable), and --resume finishes it."""
    path, _ = pprrvu_with(tmp_path, rvu_line("99999"))
    real_write = files.write_batch
    calls = []

    def stop_third(model, rows):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(1)
        real_write(model, rows)

    monkeypatch.setattr(files, "write_batch", stop_third)
    with pytest.raises(CommandError):
        import_file("pprrvu", path, "--batch-size=2", tmp_path=tmp_path)
    monkeypatch.setattr(files, "write_batch", real_write)
    killed = ImportRun.objects.filter(kind="pfs_rvu").latest("pk")
    ImportRun.objects.filter(pk=killed.pk).update(status="running")  # as if killed

    output = import_file("pprrvu", path, "--batch-size=2", "--resume", tmp_path=tmp_path)
    killed.refresh_from_db()
    assert killed.status == "interrupted"
    assert "--resume continues from there" in killed.message
    assert f"Resuming after line {killed.committed_line:,}" in output
    assert FeeScheduleItem.objects.published().count() == 12


@pytest.mark.django_db
def test_a_workbook_or_utf16_file_is_named_with_what_to_do(tmp_path):
    workbook = tmp_path / "2026 January Addendum B.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(CommandError, match="save the sheet as"):
        import_file("opps", workbook, tmp_path=tmp_path)
    utf16 = tmp_path / "GPCI.csv"
    utf16.write_text(FILES["gpci"].read_text(), encoding="utf-16")
    with pytest.raises(CommandError, match="iconv -f UTF-16"):
        import_file("gpci", utf16, tmp_path=tmp_path)
    assert not ImportRun.objects.exists()
