"""An NPPES weekly update file costs what it holds: its batches move the per-state counts
of the pairs they touch, and nothing is recounted over the whole directory."""

import pytest

from bench.synthetic import write_synthetic_nppes, write_synthetic_update
from providers.counts import refresh_counts
from providers.models import ProcedureStateCount, Provider, ProviderProcedure

from .test_import_nppes import SAMPLE, run_import
from .test_import_nppes import directory as directory

FULL_ROWS = 3000
PLANTED = 77  # a count no real pair has, on a pair nothing in the files touches


def counts_now():
    return {
        (procedure, state): providers
        for procedure, state, providers in ProcedureStateCount.objects.values_list(
            "procedure_id", "state", "providers"
        )
    }


def plant_wrong_count(procedure):
    """A wrong count on a pair no file here touches: only a recount of everything fixes it."""
    ProcedureStateCount.objects.create(procedure=procedure, state="GU", providers=PLANTED)
    return (procedure.pk, "GU")


def recounted():
    """The counts as a recount of every link gives them (restores the planted one)."""
    refresh_counts()
    return counts_now()


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_a_weekly_file_moves_the_counts_it_touches_and_recounts_nothing(tmp_path, kyphoplasty):
    write_synthetic_nppes(tmp_path / "full.csv", FULL_ROWS, seed=7, bad_fraction=0)
    run_import(tmp_path / "full.csv", tmp_path)
    planted = plant_wrong_count(kyphoplasty)
    weekly = tmp_path / "weekly.csv"
    written = write_synthetic_update(weekly, 150, full_rows=FULL_ROWS, seed=11)
    npis = written["npis"]
    in_file = npis["changed"] + npis["deactivated"] + npis["new"]
    held_before = set(Provider.objects.filter(npi__in=in_file).values_list("npi", flat=True))
    live_before = set(
        Provider.objects.filter(npi__in=npis["deactivated"], live=True).values_list(
            "npi", flat=True
        )
    )
    assert live_before  # the file deactivates providers the directory lists

    summary, output = run_import(weekly, tmp_path)

    assert "Update file" in output
    moved = counts_now()
    assert moved.pop(planted) == PLANTED  # not recounted: the file never touched it
    expected = recounted()
    expected.pop(planted, None)
    assert moved == expected  # every pair the file touched is exact
    assert summary["deactivated"] == len(live_before)
    assert not ProviderProcedure.objects.filter(
        provider__npi__in=npis["deactivated"], provider_live=True
    ).exists()
    held = set(Provider.objects.filter(npi__in=in_file).values_list("npi", flat=True))
    assert summary["inserted"] == len(held - held_before)
    new = Provider.objects.filter(npi__in=npis["new"], live=True)
    assert new.exists()
    assert ProviderProcedure.objects.filter(provider__in=new, provider_live=True).exists()
    assert summary["updated"] > len(npis["changed"]) // 2


@pytest.mark.django_db
@pytest.mark.usefixtures("directory")
def test_a_file_as_large_as_the_directory_recounts_everything_at_its_end(tmp_path, kyphoplasty):
    run_import(SAMPLE, tmp_path)
    planted = plant_wrong_count(kyphoplasty)

    _, output = run_import(SAMPLE, tmp_path)  # a full file again: as many rows as providers

    assert "Update file" not in output
    assert planted not in counts_now()
