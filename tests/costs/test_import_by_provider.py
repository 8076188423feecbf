"""import_procedure_volume keeps each doctor's Medicare figures for procedure pages' codes."""

from decimal import Decimal
from pathlib import Path

import pytest

from costs.models import Dataset, ProviderServiceFigure
from providers.import_records import ImportRun

from .conftest import run_command

MEDICARE = Path(__file__).resolve().parents[1] / "data" / "medicare_by_provider_service_sample.csv"


def import_volume(path, tmp_path, year=2023):
    return run_command(
        "import_procedure_volume",
        str(path),
        f"--year={year}",
        f"--reject-file={tmp_path / 'rejects.csv'}",
    )


@pytest.mark.django_db
def test_figures_are_kept_per_npi_code_and_place_for_page_codes_only(vertebroplasty_page, tmp_path):
    output = import_volume(MEDICARE, tmp_path)
    assert "payment rows kept             3" in output
    figures = ProviderServiceFigure.objects.published()
    assert sorted(figures.values_list("npi", "hcpcs", "place_of_service")) == [
        ("1990001012", "22510", "F"),
        ("1990001012", "22511", "F"),
        ("1990001079", "22510", "F"),
    ]
    row = figures.get(npi="1990001012", hcpcs="22511")
    assert (row.year, row.state, row.total_beneficiaries, row.total_services) == (
        2023,
        "TX",
        20,
        Decimal("23.0"),
    )
    assert (
        row.avg_submitted_charge,
        row.avg_allowed_amount,
        row.avg_payment_amount,
        row.avg_standardized_amount,
    ) == (Decimal("3980.00"), Decimal("389.12"), Decimal("305.44"), Decimal("300.10"))
    dataset = Dataset.objects.get(kind="volume")
    assert (dataset.year, dataset.rows, dataset.source) == (2023, 3, "Medicare")
    assert ImportRun.objects.get(kind="volume").data_year == 2023


def edited(tmp_path, replace=(), extra=()):
    lines = MEDICARE.read_text().splitlines()
    text = "\n".join([*lines, *extra]) + "\n"
    for old, new in replace:
        text = text.replace(old, new)
    path = tmp_path / "by_provider.csv"
    path.write_text(text)
    return path, len(lines)


@pytest.mark.django_db
def test_reimporting_a_year_replaces_its_figures(vertebroplasty_page, tmp_path):
    import_volume(MEDICARE, tmp_path)
    import_volume(MEDICARE, tmp_path, year=2022)
    path, _ = edited(
        tmp_path, replace=[(",F,12,14,14,4120.5,412.33,", ",F,12,14,14,4120.5,420.00,")]
    )
    import_volume(path, tmp_path)
    this_year = ProviderServiceFigure.objects.published().filter(year=2023)
    assert this_year.count() == 3
    assert this_year.get(npi="1990001012", hcpcs="22510").avg_allowed_amount == Decimal("420.00")
    assert ProviderServiceFigure.objects.filter(year=2022).count() == 3
    assert ProviderServiceFigure.objects.count() == 6


@pytest.mark.django_db
def test_bad_figure_rows_are_rejected_with_their_line(vertebroplasty_page, tmp_path):
    first = MEDICARE.read_text().splitlines()[1]
    bad_place = first.replace(",N,F,12,", ",N,X,12,")
    bad_amount = first.replace(",412.33,", ",lots,").replace(",N,F,", ",N,O,")
    path, count = edited(tmp_path, extra=[bad_place, first, bad_amount])
    import_volume(path, tmp_path)
    rejects = (tmp_path / "rejects.csv").read_text().splitlines()[1:]
    found = [(line.split(",")[0], line.split(",")[2]) for line in rejects]
    assert (str(count + 1), "bad_place") in found
    assert (str(count + 2), "duplicate") in found
    assert (str(count + 3), "bad_number") in found
    assert ProviderServiceFigure.objects.count() == 3


def test_the_prefilter_finds_a_code_only_as_a_whole_field():
    from providers.importers.volume import wanted_code_finder

    found = wanted_code_finder({"22510"})
    assert found('1990001012,Test,"x, y",22510,"desc",N,F,12\n')
    assert found('"1990001012","Test","22510","desc"\n')
    assert found("1,2,22510\r\n")
    assert not found("1990001012,Test,225100,x22510,22511,F\n")
    assert not wanted_code_finder(set())("22510,22510\n")
