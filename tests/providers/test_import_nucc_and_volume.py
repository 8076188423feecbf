"""load_nucc_taxonomy and import_procedure_volume."""

import csv
import io
import json
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from procedures.factories import ProcedurePageFactory
from providers.choices import LinkBasis
from providers.importers.run import ImportRun
from providers.models import ProcedureSpecialty, Provider, ProviderProcedure, Specialty

DATA = Path(__file__).resolve().parent.parent / "data"
NUCC = DATA / "nucc_taxonomy_sample.csv"
MEDICARE = DATA / "medicare_by_provider_service_sample.csv"
MEDICARE_EXPECTED = json.loads((DATA / "medicare_sample.expected.json").read_text())


def command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def nucc_rows():
    with NUCC.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_nucc_taxonomy_loads_every_row_with_its_fields():
    command("load_nucc_taxonomy", str(NUCC))
    rows = nucc_rows()
    assert Specialty.objects.count() == len(rows)
    for row in rows:
        specialty = Specialty.objects.get(code=row["Code"])
        assert specialty.classification == row["Classification"].strip()
        assert specialty.specialization == row["Specialization"].strip()
        assert specialty.display_name == row["Display Name"].strip()
    # Definitions with commas, quotes and line breaks survive intact.
    assert any("\n" in s.definition for s in Specialty.objects.all())


@pytest.mark.django_db
def test_nucc_rerun_changes_nothing_and_updates_changed_rows(tmp_path):
    command("load_nucc_taxonomy", str(NUCC))
    second = command("load_nucc_taxonomy", str(NUCC))
    assert "unchanged  " in second
    run = ImportRun.objects.filter(kind="nucc").order_by("-pk").first()
    assert (run.inserted, run.updated, run.unchanged) == (0, 0, len(nucc_rows()))
    edited = NUCC.read_text(encoding="utf-8").replace(
        "Vascular & Interventional Radiology Physician", "Interventional Radiology Physician"
    )
    path = tmp_path / "nucc.csv"
    path.write_text(edited, encoding="utf-8")
    command("load_nucc_taxonomy", str(path))
    assert Specialty.objects.get(code="2085R0204X").display_name == (
        "Interventional Radiology Physician"
    )


@pytest.mark.django_db
def test_nucc_bad_rows_are_rejected_with_line_numbers(tmp_path):
    path = tmp_path / "nucc.csv"
    path.write_text(
        "Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,Section\n"
        "207X00000X,Allopathic,Orthopaedic Surgery,,Def,,Orthopaedic Surgery Physician,Individual\n"
        "BAD,Allopathic,Nothing,,Def,,Nothing,Individual\n"
        "207W00000X,Allopathic,Ophthalmology,,Def,,Ophthalmology Physician,Individual\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    command("load_nucc_taxonomy", str(path), f"--reject-file={rejects}")
    assert set(Specialty.objects.values_list("code", flat=True)) == {"207X00000X", "207W00000X"}
    assert "3,,bad_code" in rejects.read_text()


@pytest.mark.django_db
def test_nucc_header_is_checked(tmp_path):
    path = tmp_path / "nucc.csv"
    path.write_text("Code,Classification\n207X00000X,Orthopaedic Surgery\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Grouping"):
        command("load_nucc_taxonomy", str(path))
    assert not Specialty.objects.exists()


@pytest.fixture
def volume_directory(procedure_index, tmp_path):
    """The NPPES sample imported, with the demo procedures' codes and specialties."""
    from procedures.demo import demo_content

    command("load_nucc_taxonomy", str(NUCC))
    for data in demo_content().procedures:
        page = ProcedurePageFactory(
            parent=procedure_index,
            title=data["title"],
            slug=data["slug"],
            procedure_codes=", ".join(data["cpt_codes"]),
        )
        for code in data["specialties"]:
            ProcedureSpecialty.objects.create(page=page, specialty=Specialty.objects.get(code=code))
    command(
        "import_nppes",
        str(DATA / "nppes_sample.csv"),
        "--single-thread",
        f"--reject-file={tmp_path / 'nppes-rejects.csv'}",
    )
    return procedure_index


def volume_links():
    return {
        (link.provider.npi, link.procedure.slug): link
        for link in ProviderProcedure.objects.filter(basis=LinkBasis.VOLUME).select_related(
            "provider", "procedure"
        )
    }


@pytest.mark.django_db
def test_volume_links_providers_to_procedures_by_code(volume_directory, tmp_path):
    output = command(
        "import_procedure_volume",
        str(MEDICARE),
        "--year=2023",
        f"--reject-file={tmp_path / 'rejects.csv'}",
    )
    links = volume_links()
    expected = {
        (row["npi"], row["procedure"]): row["services"] for row in MEDICARE_EXPECTED["links"]
    }
    assert {key: link.annual_volume for key, link in links.items()} == expected
    link = next(iter(links.values()))
    assert (link.volume_year, link.volume_source) == (2023, "Medicare")
    assert link.basis_text.startswith("\u2248")
    bad_line = MEDICARE_EXPECTED["bad_rows"][0]["line"]
    assert f"line {bad_line}: bad_number" in output
    assert "NPIs not listed" in output


@pytest.mark.django_db
def test_volume_import_is_idempotent_and_keeps_verified(volume_directory, tmp_path):
    args = ["import_procedure_volume", str(MEDICARE), "--year=2023"]
    args.append(f"--reject-file={tmp_path / 'rejects.csv'}")
    command(*args)
    first_key, first = next(iter(volume_links().items()))
    ProviderProcedure.objects.filter(pk=first.pk).update(basis=LinkBasis.VERIFIED)
    before = sorted(
        ProviderProcedure.objects.values_list(
            "provider_id", "procedure_id", "basis", "annual_volume"
        )
    )
    command(*args)
    after = sorted(
        ProviderProcedure.objects.values_list(
            "provider_id", "procedure_id", "basis", "annual_volume"
        )
    )
    assert after == before
    verified = ProviderProcedure.objects.get(pk=first.pk)
    assert verified.basis == LinkBasis.VERIFIED
    assert verified.annual_volume == first.annual_volume  # gains the figures, stays verified


@pytest.mark.django_db
def test_volume_never_creates_providers(volume_directory, tmp_path):
    before = Provider.objects.count()
    command(
        "import_procedure_volume",
        str(MEDICARE),
        "--year=2023",
        f"--reject-file={tmp_path / 'rejects.csv'}",
    )
    assert Provider.objects.count() == before
    for npi in [MEDICARE_EXPECTED["unknown_npi"]]:
        assert not Provider.objects.filter(npi=npi).exists()


@pytest.mark.django_db
def test_volume_header_is_checked(tmp_path, volume_directory):
    path = tmp_path / "bad.csv"
    path.write_text("Rndrng_NPI,HCPCS_Cd\n1234567893,22510\n")
    with pytest.raises(CommandError, match="Tot_Srvcs"):
        command("import_procedure_volume", str(path), "--year=2023")
