"""import_nppes: the NPPES Data Dissemination file, streamed, validated and upserted."""

import csv
import io
import json
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from bench.synthetic import NPPES_HEADER, write_synthetic_nppes
from providers.choices import LinkBasis
from providers.import_records import ImportRun
from providers.importers import base as importer_base
from providers.importers.base import ImportInterrupted
from providers.importers.nppes import NPPESImporter
from providers.importers.nppes_writer import NPPES_FIELDS
from providers.models import Language, ProcedureSpecialty, Provider, ProviderProcedure, Specialty

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "nppes_sample.csv"
UPDATE = DATA / "nppes_sample_update.csv"
EXPECTED = json.loads((DATA / "nppes_sample.expected.json").read_text())


@pytest.fixture
def directory(vertebroplasty):
    """The NUCC subset, and a procedure page listing every demo specialty."""
    call_command("load_nucc_taxonomy", stdout=io.StringIO())
    demo = {row["primary_taxonomy"] for row in EXPECTED["valid_individuals"]}
    demo |= {code for row in EXPECTED["valid_individuals"] for code in row["taxonomies"]}
    for specialty in Specialty.objects.filter(code__in=demo):
        if specialty.code not in {"363L00000X", "207Q00000X", "207R00000X"}:
            ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=specialty)
    return vertebroplasty


def run_import(path, tmp_path, **options):
    out = io.StringIO()
    call_command(
        "import_nppes",
        str(path),
        "--single-thread",
        f"--reject-file={tmp_path / 'rejects.csv'}",
        f"--json-summary={tmp_path / 'summary.json'}",
        *[
            f"--{key.replace('_', '-')}" + ("" if value is True else f"={value}")
            for key, value in options.items()
        ],
        stdout=out,
        stderr=io.StringIO(),
    )
    return json.loads((tmp_path / "summary.json").read_text()), out.getvalue()


def rejects(tmp_path):
    with (tmp_path / "rejects.csv").open() as handle:
        return [(int(row["line"]), row["reason"]) for row in csv.DictReader(handle)]


def expected_npis():
    return {
        row["npi"] for row in EXPECTED["valid_individuals"] if row.get("has_demo_specialty", True)
    }


@pytest.mark.django_db
def test_imports_individuals_with_listed_specialties(directory, tmp_path):
    summary, output = run_import(SAMPLE, tmp_path)
    assert set(Provider.objects.values_list("npi", flat=True)) == expected_npis()
    assert summary["inserted"] == len(expected_npis())
    assert summary["rows"] == EXPECTED["total_data_rows"]
    assert summary["skipped_by_reason"]["organization"] == 2
    for npi in EXPECTED["organization_npis"]:
        assert not Provider.objects.filter(npi=npi).exists()
    assert "Rejected rows, with line numbers and reasons" in output


def zip_code(postal):
    return postal if len(postal) == 5 else f"{postal[:5]}-{postal[5:]}"


@pytest.mark.django_db
def test_fields_are_mapped_from_nppes(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    expected = {
        row["npi"]: (
            row["last_name"],
            row["first_name"],
            row["credential"],
            row["sex"],
            row["address_line1"],
            row["city"],
            row["state"],
            zip_code(row["postal_code"]),
            row["primary_taxonomy"],
            True,
        )
        for row in EXPECTED["valid_individuals"]
        if row["npi"] in expected_npis()
    }
    found = {
        provider.npi: (
            provider.last_name,
            provider.first_name,
            provider.credential,
            provider.sex,
            provider.address_line_1,
            provider.city,
            provider.state,
            provider.zip_code,
            provider.primary_specialty.code,
            provider.live,
        )
        for provider in Provider.objects.select_related("primary_specialty")
    }
    assert found == expected


@pytest.mark.django_db
def test_primary_taxonomy_is_the_switched_one_not_the_first(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    npi = EXPECTED["multi_taxonomy_primary_not_first"]
    row = next(r for r in EXPECTED["valid_individuals"] if r["npi"] == npi)
    provider = Provider.objects.get(npi=npi)
    assert provider.primary_specialty.code == row["primary_taxonomy"] != row["taxonomies"][0]
    others = set(provider.specialties.values_list("code", flat=True))
    assert others == set(row["taxonomies"]) - {row["primary_taxonomy"]}


@pytest.mark.django_db
def test_each_bad_row_is_rejected_with_its_line_number_and_good_rows_are_kept(directory, tmp_path):
    summary, _ = run_import(SAMPLE, tmp_path)
    expected = [(row["line"], row["npi"], row["reason"]) for row in EXPECTED["bad_rows"]]
    with (tmp_path / "rejects.csv").open() as handle:
        found = [(int(row["line"]), row["npi"], row["reason"]) for row in csv.DictReader(handle)]
    assert found == expected
    assert summary["rejected"] == len(expected)
    assert {reason for _, _, reason in expected} == {
        "npi_check_digit",
        "unknown_state",
        "bad_zip",
        "bad_date",
        "column_count",
        "encoding",
    }
    # Every good row, before and after the bad ones (line 21 on), was imported.
    assert set(Provider.objects.values_list("npi", flat=True)) == expected_npis()


@pytest.mark.django_db
def test_second_run_with_the_same_file_changes_nothing(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    before = list(Provider.objects.order_by("npi").values())
    links_before = list(ProviderProcedure.objects.order_by("provider_id").values())
    summary, _ = run_import(SAMPLE, tmp_path)
    assert (summary["inserted"], summary["updated"]) == (0, 0)
    assert summary["unchanged"] == len(expected_npis())
    assert list(Provider.objects.order_by("npi").values()) == before
    assert list(ProviderProcedure.objects.order_by("provider_id").values()) == links_before


@pytest.mark.django_db
def test_newer_file_updates_changed_rows_and_deactivates(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    update = EXPECTED["update"]
    unchanged = set(update["unchanged_individual_npis"]) & expected_npis()
    before = {p["npi"]: p for p in Provider.objects.filter(npi__in=unchanged).values()}
    summary, _ = run_import(UPDATE, tmp_path)
    assert summary["updated"] == len(update["changed"])
    assert summary["inserted"] == len(update["new"])
    assert summary["deactivated"] == len(update["newly_deactivated"])
    fields = {
        "address_line1": "address_line_1",
        "address_line2": "address_line_2",
        "city": "city",
        "postal_code": "zip_code",
        "telephone": "phone",
        "credential": "credential",
    }
    for row in update["changed"]:
        provider = Provider.objects.filter(npi=row["npi"]).values(*fields.values()).get()
        expected = {
            fields[name]: zip_code(value) if name == "postal_code" else value
            for name, value in row["changes"].items()
        }
        assert {name: provider[name] for name in expected} == expected, row["npi"]
    after = {p["npi"]: p for p in Provider.objects.filter(npi__in=unchanged).values()}
    assert after == before
    new = update["new"][0]
    assert Provider.objects.get(npi=new["npi"]).last_name == new["last_name"]
    gone = Provider.objects.get(npi=update["newly_deactivated"][0]["npi"])
    assert gone.live is False  # unpublished, never deleted
    assert gone.deactivated_on.isoformat() == "2024-02-29"
    assert not ProviderProcedure.objects.filter(provider=gone, provider_live=True).exists()


@pytest.mark.django_db
def test_moving_state_moves_the_providers_links(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    npi = "1990001012"
    assert set(
        ProviderProcedure.objects.filter(provider__npi=npi).values_list("state", flat=True)
    ) == {"TX"}
    moved = tmp_path / "moved.csv"
    moved.write_bytes(
        b"\n".join(
            line.replace(b'"TX"', b'"OK"') if line.startswith(f'"{npi}"'.encode()) else line
            for line in SAMPLE.read_bytes().split(b"\n")
        )
    )
    summary, _ = run_import(moved, tmp_path)
    assert summary["updated"] == 1
    states = set(
        ProviderProcedure.objects.filter(provider__npi=npi).values_list("state", flat=True)
    )
    assert states == {"OK"}


@pytest.mark.django_db
def test_editor_fields_are_never_overwritten(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    provider = Provider.objects.get(npi="1990001038")
    provider.accepting_new_patients = True
    provider.bio = "Written by an editor."
    provider.telehealth = True
    provider.years_in_practice = 12
    provider.board_certified = True
    provider.languages.set([Language.objects.get(code="es")])
    provider.save()
    run_import(UPDATE, tmp_path)
    provider.refresh_from_db()
    assert provider.city == "BROOKLYN"  # NPPES fields do change
    assert provider.accepting_new_patients is True
    assert provider.bio == "Written by an editor."
    assert provider.telehealth is True
    assert provider.years_in_practice == 12
    assert provider.board_certified is True
    assert list(provider.languages.values_list("code", flat=True)) == ["es"]


def sample_row(npi):
    """The fields of the sample file's row for `npi`."""
    with SAMPLE.open(newline="", encoding="utf-8", errors="replace") as handle:
        return next(row for row in csv.reader(handle) if row[0] == npi)


def deactivated_row(npi, day):
    """A deactivated NPI as NPPES lists it: only the NPI and the deactivation date."""
    row = [""] * len(NPPES_HEADER)
    row[NPPES_HEADER.index("NPI")] = npi
    row[NPPES_HEADER.index("NPI Deactivation Date")] = day
    return row


def reactivated_row(npi, deactivated, reactivated):
    """A reactivated NPI: its full row, with both dates."""
    row = sample_row(npi)
    row[NPPES_HEADER.index("NPI Deactivation Date")] = deactivated
    row[NPPES_HEADER.index("NPI Reactivation Date")] = reactivated
    return row


def nppes_file(path, *rows):
    """A small NPPES file in the real format (header, every field quoted)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(NPPES_HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.django_db
def test_digits_from_other_scripts_are_not_a_zip_code_or_phone(directory, tmp_path):
    """str.isdigit() is true for "７８７０１" and "٧٨٧٠١"; a US ZIP code or phone is ASCII."""
    zip_row, phone_row = sample_row("1990001012"), sample_row("1990001012")
    postal = NPPES_HEADER.index("Provider Business Practice Location Address Postal Code")
    phone = NPPES_HEADER.index("Provider Business Practice Location Address Telephone Number")
    zip_row[postal] = "\uff17\uff18\uff17\uff10\uff11"  # fullwidth 78701
    phone_row[phone] = "\u0665" * 10  # Arabic-Indic fives
    run_import(nppes_file(tmp_path / "zip.csv", zip_row), tmp_path)
    assert rejects(tmp_path) == [(2, "bad_zip")]
    run_import(nppes_file(tmp_path / "phone.csv", phone_row), tmp_path)
    assert Provider.objects.get(npi="1990001012").phone == ""  # dropped, not stored


def deactivate_then_reactivate(tmp_path, npi, between=None):
    """Import a file deactivating `npi`, call `between`, then a file reactivating it."""
    deactivation = nppes_file(tmp_path / "deactivated.csv", deactivated_row(npi, "03/01/2024"))
    summary, _ = run_import(deactivation, tmp_path)
    assert summary["rows"] == 1
    assert Provider.objects.get(npi=npi).deactivated_on.isoformat() == "2024-03-01"
    if between:
        between(Provider.objects.get(npi=npi))
    reactivation = nppes_file(
        tmp_path / "reactivated.csv", reactivated_row(npi, "03/01/2024", "06/01/2024")
    )
    summary, _ = run_import(reactivation, tmp_path)
    assert summary["rows"] == 1
    provider = Provider.objects.get(npi=npi)
    assert provider.deactivated_on is None  # the NPPES fact: active again
    return provider


def listed(provider):
    """Whether the provider's links say it is listed (what public pages read)."""
    return set(
        ProviderProcedure.objects.filter(provider=provider).values_list("provider_live", flat=True)
    )


@pytest.mark.django_db
def test_reactivation_keeps_a_provider_the_editor_unpublished_unpublished(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    Provider.objects.get(npi="1990001012").unpublish()  # what the admin's Unpublish calls

    provider = deactivate_then_reactivate(tmp_path, "1990001012")

    assert provider.live is False  # the editor's decision stands
    assert listed(provider) == {False}


@pytest.mark.django_db
def test_reactivation_republishes_a_provider_the_import_unpublished(directory, tmp_path):
    run_import(SAMPLE, tmp_path)

    def unpublished_by_deactivation(provider):
        assert provider.live is False
        assert listed(provider) == {False}

    provider = deactivate_then_reactivate(tmp_path, "1990001012", unpublished_by_deactivation)

    assert provider.live is True
    assert listed(provider) == {True}


@pytest.mark.django_db
def test_an_editors_publish_after_deactivation_makes_publication_theirs(directory, tmp_path):
    """Once an editor publishes a provider the import unpublished, a later unpublish by
    the editor is theirs too: reactivation does not undo it."""
    run_import(SAMPLE, tmp_path)

    def editor_publishes_then_unpublishes(provider):
        provider.save_revision().publish()
        provider = Provider.objects.get(pk=provider.pk)
        assert provider.live is True
        provider.unpublish()

    provider = deactivate_then_reactivate(tmp_path, "1990001012", editor_publishes_then_unpublishes)

    assert provider.live is False
    assert listed(provider) == {False}


@pytest.mark.django_db
def test_an_editors_publish_after_deactivation_stays_published_on_reactivation(directory, tmp_path):
    run_import(SAMPLE, tmp_path)

    def editor_publishes(provider):
        provider.save_revision().publish()

    provider = deactivate_then_reactivate(tmp_path, "1990001012", editor_publishes)

    assert provider.live is True
    assert listed(provider) == {True}


@pytest.mark.django_db
def test_verified_links_survive_reimport(directory, kyphoplasty, tmp_path):
    """Even when the new file takes away the specialty that made the link: there a
    specialty link goes (1990001020), a verified one stays (1990001012)."""
    family = Specialty.objects.get(code="207Q00000X")  # listed by another page only
    ProcedureSpecialty.objects.create(page=kyphoplasty, specialty=family)
    run_import(SAMPLE, tmp_path)
    verified = Provider.objects.get(npi="1990001012")
    control = Provider.objects.get(npi="1990001020")
    assert ProviderProcedure.objects.filter(provider=control, procedure=directory).exists()
    ProviderProcedure.objects.filter(provider=verified).update(basis=LinkBasis.VERIFIED)
    changed = sample_with(
        tmp_path,
        "changed.csv",
        ("1990001012", b'"2085R0204X"', b'"207Q00000X"'),
        ("1990001020", b'"207XS0117X"', b'"207Q00000X"'),
    )

    summary, _ = run_import(changed, tmp_path)

    assert summary["updated"] == 2
    assert Provider.objects.get(npi="1990001012").primary_specialty == family
    link = ProviderProcedure.objects.get(provider=verified, procedure=directory)
    assert link.basis == LinkBasis.VERIFIED
    assert not ProviderProcedure.objects.filter(provider=control, procedure=directory).exists()
    assert ProviderProcedure.objects.filter(provider=control, procedure=kyphoplasty).exists()


@pytest.mark.django_db
def test_imported_providers_get_specialty_links(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    linked = set(
        ProviderProcedure.objects.filter(procedure=directory).values_list(
            "provider__npi", flat=True
        )
    )
    assert linked == expected_npis()
    assert set(ProviderProcedure.objects.values_list("basis", flat=True)) == {LinkBasis.SPECIALTY}


@pytest.mark.django_db
def test_links_written_by_copy_equal_the_sql_derivation(directory, tmp_path):
    """New providers' links are prepared in Python for COPY; they must be exactly the
    rows `derive_specialty_links` (the SQL used for edits and updates) would make."""
    from django.db import connection

    from providers.linking import derive_specialty_links

    # Every column but the id, so a constant the COPY path gets wrong shows up.
    fields = [f.attname for f in ProviderProcedure._meta.concrete_fields if not f.primary_key]
    run_import(SAMPLE, tmp_path, batch_size=7)  # several batches
    copied = set(ProviderProcedure.objects.values_list(*fields))
    assert len(copied) >= len(expected_npis())
    ProviderProcedure.objects.all().delete()
    with connection.cursor() as cursor:
        derive_specialty_links(cursor)
    assert set(ProviderProcedure.objects.values_list(*fields)) == copied


@pytest.mark.django_db
def test_filters_by_state_and_taxonomy(directory, tmp_path):
    summary, _ = run_import(SAMPLE, tmp_path, state="TX")
    assert set(Provider.objects.values_list("npi", flat=True)) == {
        row["npi"]
        for row in EXPECTED["valid_individuals"]
        if row["state"] == "TX" and row["npi"] in expected_npis()
    }
    assert summary["skipped_by_reason"]["state"] > 0
    Provider.objects.all().delete()
    run_import(SAMPLE, tmp_path, taxonomy="207Q00000X")
    assert set(Provider.objects.values_list("npi", flat=True)) == {
        row["npi"] for row in EXPECTED["valid_individuals"] if "207Q00000X" in row["taxonomies"]
    }


@pytest.mark.django_db
def test_dry_run_saves_nothing_but_counts(directory, tmp_path):
    summary, output = run_import(SAMPLE, tmp_path, dry_run=True)
    assert summary["inserted"] == len(expected_npis())
    assert not Provider.objects.exists()
    assert "Dry run (nothing saved)" in output
    assert ImportRun.objects.get(kind="nppes").status == ImportRun.Status.DRY_RUN


@pytest.mark.django_db
def test_limit_stops_early(directory, tmp_path):
    summary, _ = run_import(SAMPLE, tmp_path, limit=5)
    assert summary["rows"] == 5
    first_five = {
        line.split(b",", 1)[0].strip(b'"').decode()
        for line in SAMPLE.read_bytes().split(b"\n")[1:6]
    }
    assert set(Provider.objects.values_list("npi", flat=True)) == first_five & expected_npis()
    assert Provider.objects.exists()


@pytest.mark.django_db
def test_older_files_with_provider_gender_code_work(directory, tmp_path):
    run_import(DATA / "nppes_sample_gender.csv", tmp_path)
    expected = {row["npi"]: row["sex"] for row in EXPECTED["gender_file"]["valid_individuals"]}
    assert dict(Provider.objects.values_list("npi", "sex")) == expected


@pytest.mark.django_db
def test_missing_required_columns_stop_before_any_write(directory, tmp_path):
    header = [
        name
        for name in NPPES_HEADER
        if name not in ("NPI Deactivation Date", "Provider First Name")
    ]
    path = tmp_path / "broken.csv"
    path.write_text(",".join(f'"{name}"' for name in header) + "\n")
    with pytest.raises(CommandError) as excinfo:
        run_import(path, tmp_path)
    message = str(excinfo.value)
    assert "NPI Deactivation Date" in message and "Provider First Name" in message
    assert not ImportRun.objects.filter(kind="nppes").exists()
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_unknown_columns_are_ignored(directory, tmp_path):
    lines = SAMPLE.read_bytes().split(b"\n")
    path = tmp_path / "extra.csv"
    path.write_bytes(
        b"\n".join(
            [lines[0] + b',"Some Future Column"']
            + [line + b',"x"' if line else line for line in lines[1:]]
        )
    )
    summary, _ = run_import(path, tmp_path)
    assert set(Provider.objects.values_list("npi", flat=True)) == expected_npis()
    assert summary["rejected"] == len(EXPECTED["bad_rows"])


def synthetic(tmp_path, rows):
    path = tmp_path / "synthetic.csv"
    write_synthetic_nppes(path, rows, seed=7, bad_fraction=0.02)
    return path


def directory_state():
    """Everything an import writes, in a form two runs can be compared by."""
    fields = [name for name in NPPES_FIELDS if name != "primary_specialty_id"]
    providers = Provider.objects.values_list(
        "npi", *fields, "primary_specialty__code", "live", "deactivated_on"
    )
    specialties = Provider.specialties.through.objects.values_list(
        "provider__npi", "specialty__code"
    )
    links = ProviderProcedure.objects.values_list(
        "provider__npi", "procedure_id", "basis", "state", "provider_live", "sort_name"
    )
    return sorted(providers), sorted(specialties), sorted(links)


def reject_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def interrupt_after(monkeypatch, rows):
    """Make the next import stop with Ctrl-C after reading `rows` data lines."""
    original = importer_base.LineSource.__iter__

    def lines(self):
        for number, (line, text) in enumerate(original(self)):
            if number == rows:
                monkeypatch.setattr(importer_base.LineSource, "__iter__", original)
                raise KeyboardInterrupt
            yield line, text

    monkeypatch.setattr(importer_base.LineSource, "__iter__", lines)


def clean_import(path, tmp_path):
    """One uninterrupted import of `path`: the directory and reject report it gives."""
    reject_file = tmp_path / "clean.csv"
    NPPESImporter(path, batch_size=500, threaded=False, reject_file=reject_file).execute()
    state = directory_state()
    Provider.objects.all().delete()
    ImportRun.objects.all().delete()
    return state, reject_rows(reject_file)


def importer(path, tmp_path, **options):
    return NPPESImporter(
        path, batch_size=500, threaded=False, reject_file=tmp_path / "r.csv", **options
    )


@pytest.mark.django_db
def test_interrupted_import_keeps_committed_batches_and_resume_equals_one_clean_run(
    directory, tmp_path, monkeypatch
):
    path = synthetic(tmp_path, 3000)
    clean_state, clean_rejects = clean_import(path, tmp_path)
    assert len(clean_rejects) > 40  # the file has rejects on both sides of the interruption

    interrupt_after(monkeypatch, 1700)
    with pytest.raises(ImportInterrupted):
        importer(path, tmp_path).execute()
    run = ImportRun.objects.get(kind="nppes")
    assert run.status == ImportRun.Status.INTERRUPTED
    assert 0 < run.committed_line < 1700 + 1
    assert Provider.objects.count() == run.inserted > 0  # exactly the committed batches
    # Rows after the last committed batch were parsed, and some rejected, already.
    assert len(reject_rows(tmp_path / "r.csv")) > run.rejected + 1

    counts = importer(path, tmp_path, resume=True).execute()
    final = ImportRun.objects.order_by("-pk").first()
    assert final.status == ImportRun.Status.COMPLETED
    assert counts.rows == 3000 - (run.committed_line - 1)
    assert directory_state() == clean_state
    assert reject_rows(tmp_path / "r.csv") == clean_rejects


@pytest.mark.django_db
def test_a_resume_interrupted_before_its_first_batch_can_itself_be_resumed(
    directory, tmp_path, monkeypatch
):
    path = synthetic(tmp_path, 3000)
    clean_state, clean_rejects = clean_import(path, tmp_path)

    interrupt_after(monkeypatch, 1700)
    with pytest.raises(ImportInterrupted):
        importer(path, tmp_path).execute()
    first = ImportRun.objects.get(kind="nppes")
    interrupt_after(monkeypatch, 100)  # less than a batch: the resumed run commits nothing
    with pytest.raises(ImportInterrupted):
        importer(path, tmp_path, resume=True).execute()
    second = ImportRun.objects.order_by("-pk").first()
    assert (second.committed_line, second.committed_offset) == (
        first.committed_line,
        first.committed_offset,
    )

    resumed = importer(path, tmp_path, resume=True)
    resumed.execute()
    assert f"Resuming after line {first.committed_line:,}" in resumed.messages[0]
    assert directory_state() == clean_state
    assert reject_rows(tmp_path / "r.csv") == clean_rejects


@pytest.mark.django_db
def test_resume_never_continues_from_a_dry_run(directory, tmp_path, monkeypatch):
    """A dry run commits nothing, so its position says nothing about the directory."""
    path = synthetic(tmp_path, 3000)
    clean_state, clean_rejects = clean_import(path, tmp_path)
    interrupt_after(monkeypatch, 1700)
    with pytest.raises(ImportInterrupted):
        importer(path, tmp_path, dry_run=True).execute()

    resumed = importer(path, tmp_path, resume=True)
    resumed.execute()
    assert "Nothing to resume" in resumed.messages[0]
    assert directory_state() == clean_state
    assert reject_rows(tmp_path / "r.csv") == clean_rejects


@pytest.mark.django_db
def test_resume_after_a_completed_run_of_the_file_starts_afresh(directory, tmp_path, monkeypatch):
    """Only the latest run of the file counts: an old interruption, since completed by
    a resume, is not resumed again."""
    path = synthetic(tmp_path, 3000)
    interrupt_after(monkeypatch, 1700)
    with pytest.raises(ImportInterrupted):
        importer(path, tmp_path).execute()
    importer(path, tmp_path, resume=True).execute()
    again = importer(path, tmp_path, resume=True)
    counts = again.execute()
    assert "Nothing to resume" in again.messages[0]
    assert counts.rows == 3000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threaded_import_matches_single_threaded(directory, tmp_path):
    path = synthetic(tmp_path, 4000)
    NPPESImporter(path, batch_size=700, threaded=True, reject_file=tmp_path / "t.csv").execute()
    threaded = directory_state()
    Provider.objects.all().delete()
    NPPESImporter(path, batch_size=700, threaded=False, reject_file=tmp_path / "s.csv").execute()
    assert directory_state() == threaded
    assert len(threaded[2]) > 0  # links were written
    assert reject_rows(tmp_path / "t.csv") == reject_rows(tmp_path / "s.csv")


@pytest.mark.django_db
def test_imported_providers_are_searchable_at_once(directory, tmp_path, client):
    run_import(SAMPLE, tmp_path)
    row = next(r for r in EXPECTED["valid_individuals"] if r["npi"] == "1990001012")
    found = client.get(f"/api/v2/providers/?search={row['last_name'].lower()}").json()
    assert "1990001012" in [item["npi"] for item in found["items"]]
    by_city = client.get(f"/api/v2/providers/?search={row['city'].title()}").json()
    assert "1990001012" in [item["npi"] for item in by_city["items"]]


@pytest.mark.django_db
def test_awkward_characters_survive_the_bulk_path(directory, tmp_path):
    """Backslashes, tabs and quotes in names go through COPY escaping intact."""
    lines = SAMPLE.read_bytes().split(b"\n")
    npi = b'"1990001012"'
    awkward = tmp_path / "awkward.csv"
    awkward.write_bytes(
        b"\n".join(
            line.replace(b'"TESTPERSON"', b'"O""BRIEN\\\tJR"') if line.startswith(npi) else line
            for line in lines
        )
    )
    run_import(awkward, tmp_path)
    assert Provider.objects.get(npi="1990001012").last_name == 'O"BRIEN\\\tJR'


@pytest.mark.django_db
def test_an_npi_inserted_by_someone_else_mid_batch_falls_back_to_the_upsert(
    directory, tmp_path, monkeypatch
):
    """PostgreSQL COPYs new NPIs straight in; if one appeared meanwhile, it upserts."""
    from django.db import connection

    from providers.importers import nppes_writer

    if connection.vendor != "postgresql":
        pytest.skip("the COPY fast path is PostgreSQL's")
    run_import(SAMPLE, tmp_path)
    Provider.objects.filter(npi="1990001012").update(city="STALE")
    original = nppes_writer.BatchWriter._existing

    def blind(self, cursor, npis):  # as if 1990001012 had been inserted after the check
        found = original(self, cursor, npis)
        found.pop("1990001012", None)
        return found

    monkeypatch.setattr(nppes_writer.BatchWriter, "_existing", blind)
    run_import(SAMPLE, tmp_path)
    provider = Provider.objects.get(npi="1990001012")
    assert provider.city == "HOUSTON"
    assert set(Provider.objects.values_list("npi", flat=True)) == expected_npis()


@pytest.mark.django_db
def test_migration_attributes_earlier_deactivations_to_the_import_unless_an_editor_unpublished(
    directory, tmp_path
):
    """Imports before 0007 did not record who unpublished a deactivated provider: the
    migration credits the import, except where the audit log shows an editor's unpublish
    or the provider was never published."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "providers.migrations.0007_unpublished_by_import_and_run_positions"
    )
    run_import(SAMPLE, tmp_path)
    by_editor, by_import, draft = Provider.objects.order_by("npi")[:3]
    by_editor.unpublish()
    Provider.objects.filter(pk=draft.pk).update(first_published_at=None)
    Provider.objects.filter(pk__in=[by_editor.pk, by_import.pk, draft.pk]).update(
        live=False, deactivated_on="2024-03-01", unpublished_by_import=False
    )

    migration.mark_import_unpublished(apps, None)

    flagged = set(Provider.objects.filter(unpublished_by_import=True).values_list("pk", flat=True))
    assert flagged == {by_import.pk}


def sample_with(tmp_path, name, *changes):
    """The sample file with `old` replaced by `new` in the row of `npi`, for each
    (npi, old, new) of `changes`."""
    by_row = {f'"{npi}"'.encode(): (old, new) for npi, old, new in changes}
    lines = SAMPLE.read_bytes().split(b"\n")
    for number, line in enumerate(lines):
        change = by_row.get(line.split(b",", 1)[0])
        if change:
            lines[number] = line.replace(*change)
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines))
    return path


def sample_line_of(npi):
    lines = SAMPLE.read_bytes().split(b"\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f'"{npi}"'.encode()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("padding", "reason"),
    [(200_000, "field_too_long"), (3 * importer_base.MAX_LINE_BYTES, "line_too_long")],
    ids=["over csv's field limit", "over the line cap"],
)
def test_an_overlong_row_is_rejected_with_its_line_number_and_the_rest_import(
    directory, tmp_path, padding, reason
):
    npi = "1990001020"
    path = sample_with(
        tmp_path, "long.csv", (npi, b'"SAMPLEWELL"', b'"SAMPLEWELL' + b"X" * padding + b'"')
    )
    summary, _ = run_import(path, tmp_path)
    found = [row for row in rejects(tmp_path) if row[0] == sample_line_of(npi)]
    assert found == [(sample_line_of(npi), reason)]
    assert summary["rejected"] == len(EXPECTED["bad_rows"]) + 1
    assert set(Provider.objects.values_list("npi", flat=True)) == expected_npis() - {npi}


def test_a_line_over_the_cap_is_never_held_in_memory(tmp_path):
    """LineSource reads an overlong line in chunks: memory stays near the cap."""
    import tracemalloc

    path = tmp_path / "long.csv"
    size = 8 * importer_base.MAX_LINE_BYTES
    path.write_bytes(b'"NPI"\n"' + b"X" * size + b'"\n"1234567893"\n')
    source = importer_base.LineSource(path)
    source.header()
    tracemalloc.start()
    try:
        lines = [(number, getattr(text, "reason", text)) for number, text in source]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        source.close()
    assert lines == [(2, "line_too_long"), (3, '"1234567893"\n')]
    assert peak < 3 * importer_base.MAX_LINE_BYTES
    assert source.offset == path.stat().st_size  # resume positions stay exact


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "words"),
    [
        (b'"NPI","' + b"X" * 200_000 + b'"\n', ["Line 1 (the header)", "131,072 characters"]),
        (
            b"X" * (2 * importer_base.MAX_LINE_BYTES),
            ["Line 1 (the header)", "longer than 1,048,576 bytes"],
        ),
    ],
    ids=["field over csv's limit", "line over the cap"],
)
def test_an_overlong_header_stops_the_run_with_a_clear_message(directory, tmp_path, header, words):
    path = tmp_path / "header.csv"
    path.write_bytes(header + SAMPLE.read_bytes().split(b"\n", 1)[1])
    with pytest.raises(CommandError) as excinfo:
        run_import(path, tmp_path)
    for word in words:
        assert word in str(excinfo.value)
    assert not ImportRun.objects.filter(kind="nppes").exists()
    assert not Provider.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "bom", "convert"),
    [
        ("utf-16-le", b"\xff\xfe", "iconv -f UTF-16 -t UTF-8"),
        ("utf-16-be", b"\xfe\xff", "iconv -f UTF-16 -t UTF-8"),
        ("utf-16-le", b"", "iconv -f UTF-16LE -t UTF-8"),
    ],
    ids=["UTF-16LE with BOM (Excel)", "UTF-16BE with BOM", "UTF-16LE without BOM"],
)
def test_a_utf16_file_is_named_with_how_to_convert_it(directory, tmp_path, encoding, bom, convert):
    text = (DATA / "nppes_sample_gender.csv").read_text(encoding="utf-8")
    path = tmp_path / "excel.csv"
    path.write_bytes(bom + text.encode(encoding))
    with pytest.raises(CommandError) as excinfo:
        run_import(path, tmp_path)
    message = str(excinfo.value)
    assert "UTF-16" in message and convert in message
    assert "Missing required" not in message
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_a_zip_archive_is_named_as_one(directory, tmp_path):
    import zipfile

    path = tmp_path / "npidata.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(SAMPLE, "npidata_pfile.csv")
    with pytest.raises(CommandError, match="ZIP archive"):
        run_import(path, tmp_path)


@pytest.mark.django_db
def test_the_summary_says_where_the_time_went(directory, tmp_path):
    summary, _ = run_import(SAMPLE, tmp_path)
    phases = summary["phases"]
    assert phases["load"] > 0
    # The writer's share of the load: it cannot take longer than the load itself.
    assert 0 < phases["write"] <= phases["load"]
    assert phases["recount"] >= 0
