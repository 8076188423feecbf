"""An initial load builds the directory's secondary indexes once, at its end.

Whatever happens to the load (it completes, is interrupted, or its process dies and
the next import finishes the job), the tables end with exactly the indexes they had.
"""

import io
import json

import pytest

from django.core.management import call_command
from django.db import connection

from bench.synthetic import write_synthetic_nppes
from providers.factories import ProviderFactory, SpecialtyFactory
from providers.import_records import DeferredIndex
from providers.importers import base as importer_base
from providers.importers import deferred_indexes
from providers.importers.base import ImportInterrupted
from providers.importers.nppes import NPPESImporter
from providers.models import Provider
from providers.search import SEARCH_INDEX

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("indexes are deferred on PostgreSQL only (SQLite demos import as before)")


def index_definitions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [list(deferred_indexes.TABLES)],
        )
        return dict(cursor.fetchall())


def foreign_key_definitions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [list(deferred_indexes.KEY_TABLES)],
        )
        return {(table, name): definition for table, name, definition in cursor.fetchall()}


def nppes_file(tmp_path, rows=2000):
    path = tmp_path / "npidata.csv"
    write_synthetic_nppes(path, rows, seed=5, bad_fraction=0)
    return path


def importer(path, tmp_path):
    return NPPESImporter(path, batch_size=300, threaded=False, reject_file=tmp_path / "r.csv")


def test_the_secondary_indexes_are_those_the_import_may_drop():
    """Search, name order, state listing and ranking; never a key or a unique constraint."""
    with connection.cursor() as cursor:
        names = {name for _, name, _ in deferred_indexes.secondary_indexes(cursor)}
    assert {SEARCH_INDEX, "provider_name_order", "provider_link_rank"} <= names
    assert not any(name.endswith("_pkey") or "unique" in name for name in names)


def test_an_initial_load_drops_them_and_ends_with_exactly_the_same_indexes(tmp_path):
    before = index_definitions()
    dropped = {}

    original = NPPESImporter.commit

    def commit(self, batch):  # look at the table while the load runs
        dropped.setdefault("during", set(before) - set(index_definitions()))
        return original(self, batch)

    loader = importer(nppes_file(tmp_path), tmp_path)
    loader.commit = commit.__get__(loader)
    loader.execute()

    assert {SEARCH_INDEX, "provider_name_order", "provider_link_rank"} <= dropped["during"]
    assert index_definitions() == before
    assert not DeferredIndex.objects.exists()
    assert any(message.startswith("Initial load:") for message in loader.messages)
    assert Provider.objects.count() > 1500
    # The rebuilt search index serves searches straight away.
    provider = Provider.objects.order_by("pk").first()
    assert provider in Provider.objects.matching(provider.last_name)


def test_an_interrupted_initial_load_builds_them_before_it_stops(tmp_path, monkeypatch):
    before = index_definitions()
    original = importer_base.LineSource.__iter__

    def lines(self):
        for number, item in enumerate(original(self)):
            if number == 700:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(importer_base.LineSource, "__iter__", lines)
    with pytest.raises(ImportInterrupted):
        importer(nppes_file(tmp_path), tmp_path).execute()
    assert Provider.objects.exists()  # the committed batches stay
    assert index_definitions() == before
    assert not DeferredIndex.objects.exists()


def test_indexes_a_killed_load_left_dropped_are_built_by_the_next_import(tmp_path):
    before, keys = index_definitions(), foreign_key_definitions()
    deferred_indexes.drop()  # as a load killed after dropping them leaves the tables
    assert SEARCH_INDEX not in index_definitions()
    assert not foreign_key_definitions()
    ProviderFactory.create_batch(300)  # no longer an initial load: yet it finishes the job

    loader = importer(nppes_file(tmp_path, rows=500), tmp_path)
    loader.execute()
    assert index_definitions() == before
    assert foreign_key_definitions() == keys
    assert "An earlier initial load did not finish" in " ".join(loader.messages)


def test_the_command_builds_them_without_importing():
    before, keys = index_definitions(), foreign_key_definitions()
    deferred_indexes.drop()
    out = io.StringIO()
    call_command("rebuild_directory_indexes", stdout=out)
    assert index_definitions() == before
    assert foreign_key_definitions() == keys
    assert "Built" in out.getvalue()
    call_command("rebuild_directory_indexes", stdout=out)
    assert "Nothing to build" in out.getvalue()


def test_an_update_of_a_populated_directory_keeps_its_indexes(tmp_path):
    ProviderFactory.create_batch(300)  # more than a tenth of the file's 2,000 rows
    seen = []
    original = NPPESImporter.commit

    def commit(self, batch):
        seen.append(set(index_definitions()))
        return original(self, batch)

    loader = importer(nppes_file(tmp_path), tmp_path)
    loader.commit = commit.__get__(loader)
    before = set(index_definitions())
    loader.execute()
    assert seen and all(names == before for names in seen)
    assert not any(message.startswith("Initial load:") for message in loader.messages)


def test_a_dry_run_never_drops_anything(tmp_path):
    before = index_definitions()
    NPPESImporter(
        nppes_file(tmp_path), dry_run=True, threaded=False, reject_file=tmp_path / "r.csv"
    ).execute()
    assert index_definitions() == before
    assert not DeferredIndex.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_indexes_stay_when_another_session_holds_the_table():
    """An editor's open transaction on a provider makes the drop give up after a moment
    (the load then goes on with its indexes) rather than wait behind it."""
    import psycopg

    ProviderFactory()
    before = index_definitions()
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    ) as other:
        other.execute("SELECT id FROM providers_provider FOR UPDATE")
        assert deferred_indexes.drop() is None
        other.rollback()
    assert index_definitions() == before
    assert not DeferredIndex.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_a_committed_load_the_indexes_build_two_at_a_time_on_their_own_connections(
    tmp_path,
):
    """Outside a transaction (a real import) builds overlap on two connections."""
    before = index_definitions()
    NPPESImporter(nppes_file(tmp_path), threaded=True, reject_file=tmp_path / "r.csv").execute()
    assert index_definitions() == before
    assert not DeferredIndex.objects.exists()
    assert Provider.objects.count() > 1500


def test_the_summary_times_each_index_build(tmp_path):
    with connection.cursor() as cursor:
        dropped = {
            name
            for _, name, _ in deferred_indexes.secondary_indexes(cursor)
            + deferred_indexes.foreign_keys(cursor)
        }
    path = nppes_file(tmp_path, rows=500)
    call_command(
        "import_nppes",
        str(path),
        "--single-thread",
        f"--reject-file={tmp_path / 'r.csv'}",
        f"--json-summary={tmp_path / 'summary.json'}",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    phases = json.loads((tmp_path / "summary.json").read_text())["phases"]
    assert set(phases["index_builds"]) == dropped
    assert all(seconds >= 0 for seconds in phases["index_builds"].values())
    assert phases["build_indexes"] >= 0


def test_an_initial_load_keeps_the_partial_indexes_its_rows_do_not_enter(tmp_path):
    """Building one again would read the whole table for the few rows it holds."""
    definitions = index_definitions()
    for name in deferred_indexes.KEPT_PARTIAL:
        assert " WHERE " in definitions[name] and "IS NOT NULL" in definitions[name]
    seen = []
    original = NPPESImporter.commit

    def commit(self, batch):
        seen.append(set(index_definitions()))
        return original(self, batch)

    loader = importer(nppes_file(tmp_path), tmp_path)
    loader.commit = commit.__get__(loader)
    loader.execute()
    assert seen and all(set(deferred_indexes.KEPT_PARTIAL) <= names for names in seen)
    assert all("provider_link_rank" not in names for names in seen)
    assert set(index_definitions()) == set(definitions)


def test_an_initial_load_checks_the_foreign_keys_once_at_its_end(tmp_path):
    before = foreign_key_definitions()
    assert any("primary_specialty" in definition for definition in before.values())
    during = []
    original = NPPESImporter.commit

    def commit(self, batch):
        during.append(foreign_key_definitions())
        return original(self, batch)

    loader = importer(nppes_file(tmp_path), tmp_path)
    loader.commit = commit.__get__(loader)
    loader.execute()
    assert during and all(keys == {} for keys in during)
    assert foreign_key_definitions() == before
    assert not DeferredIndex.objects.exists()


def test_rows_left_pointing_at_a_deleted_specialty_are_treated_as_on_delete_would(tmp_path):
    """A specialty deleted while the keys were off: the providers' primary specialty is
    cleared (SET_NULL), their other-specialty rows go (CASCADE), and the keys are back."""
    before = foreign_key_definitions()
    kept, gone = SpecialtyFactory(), SpecialtyFactory()
    deferred_indexes.drop()
    provider = ProviderFactory(primary_specialty=gone)
    other = ProviderFactory(primary_specialty=kept, specialties=[gone, kept])
    with connection.cursor() as cursor:  # as a delete during the load leaves them
        cursor.execute("DELETE FROM providers_specialty WHERE id = %s", [gone.pk])
    deferred_indexes.rebuild()
    assert foreign_key_definitions() == before
    provider.refresh_from_db()
    assert provider.primary_specialty_id is None
    rows = Provider.specialties.through.objects.filter(provider=other)
    assert list(rows.values_list("specialty_id", flat=True)) == [kept.pk]
    assert not DeferredIndex.objects.exists()
