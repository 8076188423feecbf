"""import_deactivated_npis: NPPES's monthly deactivated-NPI report, as published (.xlsx
with a title row) or as CSV, takes each deactivated provider out of every public surface."""

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest
from bs4 import BeautifulSoup

from django.core.management import CommandError, call_command
from django.urls import reverse

from core.http_cache import version
from core.npi import npi_check_digit
from providers.choices import LinkBasis
from providers.counts import refresh_counts
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.import_records import ImportRun
from providers.models import ProcedureStateCount, Provider, ProviderProcedure
from tests import frontend_cache

from .test_import_nppes import SAMPLE, listed, nppes_file, reactivated_row, run_import
from .test_import_nppes import directory as directory

REPORT_NAME = "NPPES Deactivated NPI Report 20240310.xlsx"
TITLE = "NPPES Deactivated NPI Report"
HEADER = ["NPI", "NPPES Deactivation Date"]
TEXAS = "/procedures/vertebroplasty/doctors/texas/"
JANE = "1234567893"


def npi(prefix):
    return f"{prefix}{npi_check_digit(prefix)}"


NOT_LISTED = npi("199999999")  # a valid NPI the directory does not hold
OHIOAN = npi("123456780")


def xlsx_report(path, rows, title=TITLE, header=HEADER):
    """A workbook laid out as NPPES publishes the report: a title row across both
    columns, the header, then the rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DeactivatedNPIs"
    if title is not None:
        sheet.append([title])
        sheet.merge_cells("A1:B1")
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def csv_report(path, rows, title=None, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if title is not None:
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def apply_report(path, tmp_path, *options):
    out = io.StringIO()
    call_command(
        "import_deactivated_npis",
        str(path),
        f"--reject-file={tmp_path / 'rejects.csv'}",
        f"--json-summary={tmp_path / 'summary.json'}",
        *options,
        stdout=out,
        stderr=io.StringIO(),
    )
    return json.loads((tmp_path / "summary.json").read_text()), out.getvalue()


def rejects(tmp_path):
    with (tmp_path / "rejects.csv").open() as handle:
        return [(int(row["line"]), row["npi"], row["reason"]) for row in csv.DictReader(handle)]


def link(procedure, **fields):
    provider = ProviderFactory(**fields)
    ProviderProcedureFactory(
        provider=provider, procedure=procedure, basis=LinkBasis.VOLUME, annual_volume=12
    )
    return provider


@pytest.fixture
def jane(vertebroplasty):
    """A live Texan listed for Vertebroplasty, the only one in Texas."""
    return link(
        vertebroplasty, npi=JANE, first_name="Jane", last_name="Sample", state="TX", city="Austin"
    )


@pytest.fixture
def ohioan(vertebroplasty):
    """A live doctor the report does not list: everything about them stays."""
    return link(
        vertebroplasty, npi=OHIOAN, first_name="Olga", last_name="Other", state="OH", city="Akron"
    )


@pytest.fixture
def deactivated(tmp_path, jane, ohioan):
    """Jane deactivated by the report of March 10, 2024 (NPPES's date: March 1)."""
    report = xlsx_report(tmp_path / REPORT_NAME, [(JANE, "03/01/2024")])
    apply_report(report, tmp_path)
    return Provider.objects.get(npi=JANE)


# -- reading the report ------------------------------------------------------------


@pytest.mark.django_db
def test_the_xlsx_report_with_its_title_row_unpublishes_the_providers_it_lists(
    tmp_path, jane, ohioan
):
    report = xlsx_report(tmp_path / REPORT_NAME, [(JANE, "03/01/2024"), (NOT_LISTED, "02/15/2024")])

    summary, output = apply_report(report, tmp_path)

    jane = Provider.objects.get(npi=JANE)
    assert jane.live is False
    assert jane.deactivated_on == date(2024, 3, 1)
    assert jane.unpublished_by_import is True  # so a reactivation publishes it again
    run = jane.deactivated_by_run
    assert (run.kind, run.report_date, run.status) == (
        ImportRun.Kind.DEACTIVATIONS,
        date(2024, 3, 10),  # from the file name NPPES gives the report
        ImportRun.Status.COMPLETED,
    )
    assert (summary["rows"], summary["deactivated"], summary["not_in_directory"]) == (2, 1, 0 + 1)
    assert (run.rows_read, run.deactivated, run.skipped) == (2, 1, 1)
    assert Provider.objects.get(npi=OHIOAN).live is True
    assert "report of 2024-03-10" in output


@pytest.mark.django_db
def test_workbook_cells_typed_as_numbers_and_dates_are_read(tmp_path, jane):
    """Excel turns a pasted NPI into a number and a date into a date cell."""
    report = xlsx_report(
        tmp_path / "deactivations.xlsx",
        [(int(JANE), datetime(2024, 3, 1))],
        title="NPPES Deactivated NPI Report 03/10/2024",
    )
    summary, _ = apply_report(report, tmp_path)
    jane = Provider.objects.get(npi=JANE)
    assert (jane.live, jane.deactivated_on) == (False, date(2024, 3, 1))
    assert jane.deactivated_by_run.report_date == date(2024, 3, 10)  # from the title row
    assert summary["rejected"] == 0


@pytest.mark.django_db
def test_the_same_two_columns_as_csv_work(tmp_path, jane):
    report = csv_report(tmp_path / "deactivated.csv", [(JANE, "03/01/2024")])
    summary, _ = apply_report(report, tmp_path, "--report-date=2024-03-10")
    jane = Provider.objects.get(npi=JANE)
    assert (jane.live, jane.deactivated_on) == (False, date(2024, 3, 1))
    assert jane.deactivated_by_run.report_date == date(2024, 3, 10)
    assert summary["deactivated"] == 1


@pytest.mark.django_db
def test_each_bad_xlsx_row_is_rejected_with_its_line_number_and_the_others_are_applied(
    tmp_path, jane, ohioan
):
    wrong_digit = JANE[:9] + str((int(JANE[9]) + 1) % 10)
    report = xlsx_report(
        tmp_path / REPORT_NAME,
        [
            (wrong_digit, "03/01/2024"),  # line 3: the Luhn check fails
            (NOT_LISTED, None),  # line 4: no date
            (NOT_LISTED, "2024-13-45"),  # line 5: no such date
            ("12345", "03/01/2024"),  # line 6: not an NPI
            (NOT_LISTED, "sometime"),  # line 7
            (None, None),  # line 8: blank, ignored
            (OHIOAN, "04/01/2024"),  # line 9: after the report's date
            (JANE, "03/01/2024"),  # line 10: good, after the bad ones
        ],
    )

    summary, output = apply_report(report, tmp_path)

    assert rejects(tmp_path) == [
        (3, wrong_digit, "npi_check_digit"),
        (4, NOT_LISTED, "missing_date"),
        (5, NOT_LISTED, "bad_date"),
        (6, "12345", "npi_format"),
        (7, NOT_LISTED, "bad_date"),
        (9, OHIOAN, "bad_date"),
    ]
    assert summary["rejected"] == 6
    assert f"line 3: npi_check_digit (NPI '{wrong_digit}') {wrong_digit}" in output
    assert "line 9: bad_date (04/01/2024 is after the report's date)" in output
    assert Provider.objects.get(npi=JANE).live is False
    assert Provider.objects.get(npi=OHIOAN).live is True


@pytest.mark.django_db
def test_bad_csv_rows_are_rejected_with_their_line_numbers(tmp_path, jane):
    report = tmp_path / "NPPES Deactivated NPI Report 20240310.csv"
    report.write_bytes(
        b"NPPES Deactivated NPI Report\n"
        b"NPI,NPPES Deactivation Date\n"
        b"1234567890,03/01/2024\n"  # line 3: check digit
        b"\xff\xfe,03/01/2024\n" + f"{JANE},03/01/2024\n".encode()  # line 4: not UTF-8
    )
    summary, _ = apply_report(report, tmp_path)
    assert [(line, reason) for line, _, reason in rejects(tmp_path)] == [
        (3, "npi_check_digit"),
        (4, "encoding"),
    ]
    assert summary["deactivated"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_report_without_its_header_stops_before_any_write(tmp_path, jane, kind):
    rows = [(JANE, "03/01/2024")]
    header = ["NPI", "Deactivated"]
    if kind == "xlsx":
        report = xlsx_report(tmp_path / REPORT_NAME, rows, header=header)
    else:
        report = csv_report(tmp_path / "NPPES Deactivated NPI Report 20240310.csv", rows, TITLE)
        report.write_text(report.read_text().replace("NPPES Deactivation Date", "Deactivated"))
    with pytest.raises(CommandError) as excinfo:
        apply_report(report, tmp_path)
    assert "No header row with the columns NPI and NPPES Deactivation Date" in str(excinfo.value)
    assert not ImportRun.objects.exists()
    assert Provider.objects.get(npi=JANE).live is True


@pytest.mark.django_db
def test_a_report_whose_date_cannot_be_told_asks_for_it(tmp_path, jane):
    report = csv_report(tmp_path / "deactivated.csv", [(JANE, "03/01/2024")])
    with pytest.raises(CommandError, match="--report-date YYYY-MM-DD"):
        apply_report(report, tmp_path)
    assert Provider.objects.get(npi=JANE).live is True


@pytest.mark.django_db
def test_a_zipped_report_is_named_as_one(tmp_path, jane):
    import zipfile

    report = xlsx_report(tmp_path / REPORT_NAME, [(JANE, "03/01/2024")])
    archive = tmp_path / "NPPES_Deactivated_NPI_Report_031024.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(report, REPORT_NAME)
    with pytest.raises(CommandError, match="unzip it"):
        apply_report(archive, tmp_path)


@pytest.mark.django_db
def test_a_dry_run_counts_and_changes_nothing(tmp_path, jane):
    report = xlsx_report(tmp_path / REPORT_NAME, [(JANE, "03/01/2024")])
    summary, _ = apply_report(report, tmp_path, "--dry-run")
    assert summary["deactivated"] == 1
    assert Provider.objects.get(npi=JANE).live is True
    assert ImportRun.objects.get().status == ImportRun.Status.DRY_RUN


# -- re-running, and the reactivation rule --------------------------------------------


def directory_rows():
    return (
        list(Provider.objects.order_by("npi").values()),
        list(ProviderProcedure.objects.order_by("pk").values()),
        list(ProcedureStateCount.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
def test_re_running_the_report_changes_nothing(tmp_path, deactivated, ohioan):
    before = directory_rows()
    content_version = version.current()

    summary, _ = apply_report(tmp_path / REPORT_NAME, tmp_path)

    assert (summary["deactivated"], summary["already_deactivated"]) == (0, 1)
    assert directory_rows() == before  # the first run stays the one that deactivated
    assert version.current() == content_version


def report_for(tmp_path, npi, day="03/01/2024"):
    return xlsx_report(tmp_path / REPORT_NAME, [(npi, day)])


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_a_later_file_reactivating_the_npi_publishes_the_provider_again(tmp_path):
    run_import(SAMPLE, tmp_path)
    apply_report(report_for(tmp_path, "1990001012"), tmp_path)
    assert listed(Provider.objects.get(npi="1990001012")) == {False}

    reactivation = nppes_file(
        tmp_path / "weekly.csv", reactivated_row("1990001012", "03/01/2024", "06/01/2024")
    )
    run_import(reactivation, tmp_path)

    provider = Provider.objects.get(npi="1990001012")
    assert (provider.live, provider.deactivated_on, provider.deactivated_by_run) == (
        True,
        None,
        None,
    )
    assert listed(provider) == {True}


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_a_provider_an_editor_unpublished_stays_unpublished_when_reactivated(tmp_path):
    run_import(SAMPLE, tmp_path)
    Provider.objects.get(npi="1990001012").unpublish()  # what the admin's Unpublish calls
    apply_report(report_for(tmp_path, "1990001012"), tmp_path)
    provider = Provider.objects.get(npi="1990001012")
    assert provider.deactivated_on == date(2024, 3, 1)  # the NPPES fact is recorded...
    assert provider.unpublished_by_import is False  # ...but the unpublish stays the editor's

    reactivation = nppes_file(
        tmp_path / "weekly.csv", reactivated_row("1990001012", "03/01/2024", "06/01/2024")
    )
    run_import(reactivation, tmp_path)

    provider = Provider.objects.get(npi="1990001012")
    assert (provider.live, provider.deactivated_on) == (False, None)
    assert listed(provider) == {False}


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_an_older_file_applied_after_the_report_does_not_bring_the_provider_back(tmp_path):
    """The sample's row for this NPI was last updated in 2007 and has no reactivation:
    it predates the deactivation, so it is not a reactivation."""
    run_import(SAMPLE, tmp_path)
    apply_report(report_for(tmp_path, "1990001012"), tmp_path)

    summary, _ = run_import(SAMPLE, tmp_path)

    provider = Provider.objects.get(npi="1990001012")
    assert (provider.live, provider.deactivated_on) == (False, date(2024, 3, 1))
    assert listed(provider) == {False}
    assert summary["updated"] == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_a_report_older_than_a_reactivation_leaves_the_provider_active(tmp_path):
    run_import(SAMPLE, tmp_path)
    report = report_for(tmp_path, "1990001012")
    apply_report(report, tmp_path)
    reactivation = nppes_file(
        tmp_path / "weekly.csv", reactivated_row("1990001012", "03/01/2024", "06/01/2024")
    )
    run_import(reactivation, tmp_path)

    summary, _ = apply_report(report, tmp_path)  # re-run after NPPES reactivated the NPI

    provider = Provider.objects.get(npi="1990001012")
    assert (provider.live, provider.deactivated_on) == (True, None)
    assert summary["deactivated"] == 0


@pytest.mark.django_db
def test_publishing_a_draft_saved_before_the_deactivation_keeps_the_nppes_record(tmp_path, jane):
    """A revision holds what an editor wrote, not whether NPPES deactivated the NPI:
    publishing one saved before (a scheduled publish, or from the history) keeps it."""
    from wagtail.models import Revision

    revision = jane.save_revision()
    apply_report(report_for(tmp_path, JANE), tmp_path)

    Revision.objects.get(pk=revision.pk).publish()  # the provider is live again

    provider = Provider.objects.get(npi=JANE)
    assert provider.live is True
    assert provider.deactivated_on == date(2024, 3, 1)
    assert provider.deactivated_by_run.report_date == date(2024, 3, 10)


# -- every public surface ------------------------------------------------------------


@pytest.mark.django_db
def test_the_profile_says_plainly_that_the_npi_was_deactivated_with_410(client, deactivated):
    for url in (deactivated.get_absolute_url(), f"/doctors/{JANE}/"):
        response = client.get(url)
        assert response.status_code == 410
        text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
        assert f"NPI {JANE} was deactivated" in text
        assert (
            "was deactivated on March 1, 2024, according to the NPPES deactivated NPI report "
            "of March 10, 2024." in text
        )
        assert "Jane" not in text and "Austin" not in text
        assert 'name="robots" content="noindex' in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_provider_nppes_did_not_deactivate_is_still_a_404(client, jane):
    jane.unpublish()
    assert client.get(jane.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_state_page_no_longer_lists_the_provider(client, jane, tmp_path):
    assert "Jane Sample" in client.get(TEXAS).content.decode()
    apply_report(report_for(tmp_path, JANE), tmp_path)
    page = client.get(TEXAS)
    assert page.status_code == 200
    assert "Jane Sample" not in page.content.decode()


def state_counts(client):
    states = client.get("/api/v2/providers/states/?procedure=vertebroplasty").json()["states"]
    return {item["state"]: item["count"] for item in states if item["count"]}


@pytest.mark.django_db
def test_the_map_and_state_counts_drop_the_provider(client, vertebroplasty, deactivated, ohioan):
    assert dict(
        ProcedureStateCount.objects.filter(procedure=vertebroplasty).values_list(
            "state", "providers"
        )
    ) == {"OH": 1}
    html = BeautifulSoup(client.get("/procedures/vertebroplasty/doctors/").content, "html.parser")
    counts = {
        li.a.get_text(strip=True): li.select_one(".count").get_text(strip=True)
        for li in html.select(".state-links--all li")
    }
    assert (counts["Texas"], counts["Ohio"]) == ("(0)", "(1)")
    assert state_counts(client) == {"OH": 1}


@pytest.mark.django_db
def test_the_sitemaps_drop_the_profile_and_the_state_left_empty(client, deactivated, ohioan):
    for section in ("providers", "providers-es"):
        profiles = client.get(f"/sitemap-{section}.xml")
        body = b"".join(profiles.streaming_content).decode()
        assert f"/doctors/{JANE}-" not in body
        assert f"/es/medicos/{OHIOAN}-" in body
    states = client.get("/sitemap-doctors.xml").content.decode()
    assert "/doctors/texas/" not in states
    assert "/doctors/ohio/" in states


@pytest.mark.django_db
def test_site_search_no_longer_finds_the_provider(client, deactivated, ohioan):
    def found(query):
        response = client.get(reverse("search"), {"q": query, "type": "doctors"})
        assert response.status_code == 200
        group = response.context["results"].groups.get("doctors")
        return [provider.npi for provider in group.items] if group else []

    assert found("Jane Sample") == []
    assert found(JANE) == []
    assert found("Olga Other") == [OHIOAN]


@pytest.mark.django_db
def test_the_api_list_detail_and_states_drop_the_provider(client, deactivated, ohioan):
    listed_npis = [
        item["npi"]
        for query in ("", "?procedure=vertebroplasty", "?state=TX", f"?search={JANE}")
        for item in client.get(f"/api/v2/providers/{query}").json()["items"]
    ]
    assert JANE not in listed_npis and OHIOAN in listed_npis
    assert client.get(f"/api/v2/providers/{deactivated.pk}/").status_code == 404
    assert client.get(f"/api/v2/providers/find/?npi={JANE}").status_code == 404
    assert state_counts(client) == {"OH": 1}


@pytest.mark.django_db
def test_the_report_purges_the_caches_of_what_it_changed(
    tmp_path, jane, ohioan, django_capture_on_commit_callbacks
):
    before = version.current()
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        apply_report(report_for(tmp_path, JANE), tmp_path)
    purged = frontend_cache.purged()
    root = "http://testserver"
    assert {
        f"{root}/doctors/{JANE}-jane-sample/",
        f"{root}/doctors/{JANE}/",
        f"{root}/api/v2/providers/{jane.pk}/",
        f"{root}/api/v2/providers/",
        f"{root}/procedures/vertebroplasty/",
        f"{root}/procedures/vertebroplasty/doctors/texas/",
        f"{root}/sitemap.xml",
        f"{root}/sitemap-doctors.xml",
        f"{root}/sitemap-providers.xml",
        f"{root}/sitemap-providers-es.xml",
        f"{root}/sitemap-providers-es.xml?p=1",
    } <= purged
    assert not any(f"/doctors/{OHIOAN}" in url for url in purged)
    assert version.current() != before  # every validator issued before is stale


# -- the admin -----------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_see_that_the_report_of_that_date_deactivated_the_provider(
    admin_client, deactivated
):
    edit = admin_client.get(
        reverse("wagtailsnippets_providers_provider:edit", args=[deactivated.pk])
    )
    status = BeautifulSoup(edit.content, "html.parser").select_one("[data-nppes-status]")
    text = " ".join(status.get_text().split())
    assert (
        "NPPES deactivated this NPI on March 1, 2024, according to the NPPES deactivation "
        "report of March 10, 2024" in text
    )
    run = deactivated.deactivated_by_run
    assert status.a["href"] == reverse("providers_importrun_modeladmin_inspect", args=[run.pk])
    assert "The import unpublished this provider" in text

    listing = admin_client.get(
        reverse("wagtailsnippets_providers_provider:list"), {"deactivated": "true"}
    )
    page = listing.content.decode()
    assert "Deactivated March 1, 2024" in page and "Sample" in page and "Other" not in page

    runs = admin_client.get(reverse("providers_importrun_modeladmin_index")).content.decode()
    assert "NPPES deactivation report" in runs


@pytest.mark.django_db
def test_a_provider_nppes_did_not_deactivate_shows_no_nppes_status(admin_client, jane):
    edit = admin_client.get(reverse("wagtailsnippets_providers_provider:edit", args=[jane.pk]))
    assert edit.status_code == 200
    assert b"data-nppes-status" not in edit.content


# -- update files cost what they hold --------------------------------------------------


def counts_now():
    return {
        (procedure, state): providers
        for procedure, state, providers in ProcedureStateCount.objects.values_list(
            "procedure_id", "state", "providers"
        )
    }


@pytest.mark.django_db
def test_the_report_moves_only_the_counts_of_the_pairs_its_providers_are_in(
    tmp_path, vertebroplasty, jane, ohioan
):
    """No recount of the directory: a pair the report does not touch keeps even a wrong
    count (planted here), while the touched ones are exact."""
    ProcedureStateCount.objects.filter(state="OH").update(providers=99)

    apply_report(report_for(tmp_path, JANE), tmp_path)

    assert counts_now() == {(vertebroplasty.pk, "OH"): 99}
    refresh_counts()
    assert counts_now() == {(vertebroplasty.pk, "OH"): 1}
