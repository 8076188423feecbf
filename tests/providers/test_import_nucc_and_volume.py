"""load_nucc_taxonomy and import_procedure_volume."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from procedures.factories import ProcedurePageFactory
from providers.choices import LinkBasis
from providers.import_records import ImportRun
from providers.importers.base import MAX_LINE_BYTES
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
    run = ImportRun.objects.filter(kind="nucc").order_by("-pk").first()
    assert (run.inserted, run.updated, run.unchanged) == (0, 1, len(nucc_rows()) - 1)


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
    with rejects.open() as handle:
        assert [(row["line"], row["reason"]) for row in csv.DictReader(handle)] == [
            ("3", "bad_code")
        ]


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
    """A link an editor verified before any billing data stays verified and gains the
    file's figures; running the same file again changes nothing."""
    args = ["import_procedure_volume", str(MEDICARE), "--year=2023"]
    args.append(f"--reject-file={tmp_path / 'rejects.csv'}")
    key = {"provider__npi": "1990001012", "procedure__slug": "vertebroplasty"}
    link = ProviderProcedure.objects.get(**key)
    assert (link.basis, link.annual_volume, link.volume_year) == (LinkBasis.SPECIALTY, 0, None)
    ProviderProcedure.objects.filter(pk=link.pk).update(
        basis=LinkBasis.VERIFIED, verified_on=date(2024, 5, 1)
    )

    command(*args)
    link.refresh_from_db()
    services = next(
        row["services"]
        for row in MEDICARE_EXPECTED["links"]
        if (row["npi"], row["procedure"]) == ("1990001012", "vertebroplasty")
    )
    assert (
        link.basis,
        link.verified_on,
        link.annual_volume,
        link.volume_year,
        link.volume_source,
    ) == (LinkBasis.VERIFIED, date(2024, 5, 1), services, 2023, "Medicare")
    figures = {
        (row["npi"], row["procedure"]): row["services"] for row in MEDICARE_EXPECTED["links"]
    }
    found = ProviderProcedure.objects.filter(volume_year=2023).values_list(
        "provider__npi", "procedure__slug", "annual_volume"
    )
    assert {(npi, slug): volume for npi, slug, volume in found} == figures

    fields = [f.attname for f in ProviderProcedure._meta.concrete_fields]
    before = sorted(ProviderProcedure.objects.values_list(*fields))
    command(*args)
    assert sorted(ProviderProcedure.objects.values_list(*fields)) == before
    run = ImportRun.objects.filter(kind="volume").order_by("-pk").first()
    assert (run.inserted, run.updated, run.unchanged) == (0, 0, len(figures))


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


def medicare_with_long_line(tmp_path, padding):
    """The Medicare sample with line 4 (a service no procedure covers) made huge."""
    lines = MEDICARE.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b'"Established patient', b'"' + b"X" * padding + b" Established")
    path = tmp_path / "long.csv"
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("padding", "reason"),
    [(200_000, "field_too_long"), (3 * MAX_LINE_BYTES, "line_too_long")],
    ids=["over csv's field limit", "over the line cap"],
)
def test_volume_overlong_row_is_rejected_with_its_line_and_the_rest_link(
    volume_directory, tmp_path, padding, reason
):
    rejects = tmp_path / "rejects.csv"
    command(
        "import_procedure_volume",
        str(medicare_with_long_line(tmp_path, padding)),
        "--year=2023",
        f"--reject-file={rejects}",
    )
    with rejects.open() as handle:
        found = [(int(row["line"]), row["npi"], row["reason"]) for row in csv.DictReader(handle)]
    bad = MEDICARE_EXPECTED["bad_rows"][0]
    assert found == [(4, "1990001012", reason), (bad["line"], bad["npi"], bad["reason"])]
    expected = {
        (row["npi"], row["procedure"]): row["services"] for row in MEDICARE_EXPECTED["links"]
    }
    assert {key: link.annual_volume for key, link in volume_links().items()} == expected


@pytest.mark.django_db
def test_volume_utf16_file_is_named_with_how_to_convert_it(volume_directory, tmp_path):
    path = tmp_path / "medicare.csv"
    path.write_bytes(MEDICARE.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-16") as excinfo:
        command("import_procedure_volume", str(path), "--year=2023")
    assert "iconv -f UTF-16 -t UTF-8" in str(excinfo.value)
    assert not ProviderProcedure.objects.filter(basis=LinkBasis.VOLUME).exists()


@pytest.mark.django_db
def test_nucc_utf16_file_saved_by_excel_loads_every_row():
    """The NUCC file is small and read whole, so a UTF-16 copy is simply decoded."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nucc.csv"
        path.write_bytes(NUCC.read_text(encoding="utf-8-sig").encode("utf-16"))
        command("load_nucc_taxonomy", str(path))
    rows = nucc_rows()
    assert Specialty.objects.count() == len(rows)
    assert dict(Specialty.objects.values_list("code", "display_name")) == {
        row["Code"]: row["Display Name"].strip() for row in rows
    }


@pytest.mark.django_db
def test_nucc_file_without_byte_order_mark_but_utf16_is_named(tmp_path):
    path = tmp_path / "nucc.csv"
    path.write_bytes(NUCC.read_text(encoding="utf-8-sig").encode("utf-16-le"))
    with pytest.raises(CommandError, match="iconv -f UTF-16LE -t UTF-8"):
        command("load_nucc_taxonomy", str(path))
    assert not Specialty.objects.exists()


@pytest.mark.django_db
def test_nucc_row_with_an_overlong_field_is_rejected_with_its_line(tmp_path):
    path = tmp_path / "nucc.csv"
    path.write_text(
        "Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,Section\n"
        "207X00000X,Allopathic,Orthopaedic Surgery,,Def,,Orthopaedic Surgery Physician,Individual\n"
        f'207Q00000X,Allopathic,Family Medicine,,"{"X" * 200_000}",,Family,Individual\n'
        "207W00000X,Allopathic,Ophthalmology,,Def,,Ophthalmology Physician,Individual\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    command("load_nucc_taxonomy", str(path), f"--reject-file={rejects}")
    assert set(Specialty.objects.values_list("code", flat=True)) == {"207X00000X", "207W00000X"}
    with rejects.open() as handle:
        assert [(row["line"], row["reason"]) for row in csv.DictReader(handle)] == [
            ("3", "field_too_long")
        ]
