"""Make one import run the published data of its kind and year, in one transaction.

Called inside the transaction that ends the import: the year's previous rows (of any
other run) go, the run's rows become the ones pages read (`Dataset`), and the content
version moves so no page or API answer cached before is served again
(`core.http_cache`), and the procedure pages' API details are purged from the frontend
cache after the commit. The importer's `finish_run` then purges the frontend cache of
every procedure's pages, state pages and the providers API after the commit.
"""

from pathlib import Path

from django.apps import apps
from django.db import transaction

from core.http_cache.purge import PAGES_API, on_every_site, purge_after_commit
from core.http_cache.version import content_changed

from ..models import Dataset


def publish(model, run, *, year, source, rows):
    """Replace `year` of `model`'s kind with `run`'s rows; returns how many rows went."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() runs inside the import's last transaction")
    # One statement, without loading the rows (a year of doctors' figures is large, and
    # nothing refers to them).
    replaced = model.objects.filter(year=year).exclude(run=run)._raw_delete(model.objects.db)
    Dataset.objects.update_or_create(
        kind=model.dataset_kind,
        year=year,
        defaults={
            "run": run,
            "file_name": Path(run.file_name).name[:255],
            "source": source[:100],
            "rows": rows,
        },
    )
    content_changed()
    # The procedure pages' API details carry their costs (their HTML pages are purged
    # with the directory by `finish_run`).
    pages = (
        apps.get_model("procedures", "ProcedurePage").objects.live().values_list("pk", flat=True)
    )
    purge_after_commit(on_every_site([f"{PAGES_API}{pk}/" for pk in pages]))
    return replaced
