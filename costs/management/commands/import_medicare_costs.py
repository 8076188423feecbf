"""manage.py import_medicare_costs KIND FILE.csv --year 2026 — one Medicare payment file.

See costs/importers/files.py and docs/costs.md.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from costs.choices import DatasetKind
from costs.importers.files import CostFileImporter
from providers.importers.base import ImportInterrupted

KINDS = {
    "pprrvu": DatasetKind.PFS_RVU,
    "gpci": DatasetKind.PFS_GPCI,
    "locality": DatasetKind.PFS_LOCALITY,
    "opps": DatasetKind.OPPS,
    "asc": DatasetKind.ASC,
}
SHOWN_REJECTS = 20


class Command(BaseCommand):
    help = (
        "Import one of CMS's Medicare payment files for one data year, as CMS publishes it "
        "(CSV): pprrvu (PFS relative value file), gpci (GPCI file), locality (locality-county "
        "file), opps (OPPS Addendum B), asc (ASC Addendum AA). Re-importing a year replaces "
        "it whole when the import ends; an interrupted import continues with --resume."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True, help="The data year of the file.")
        parser.add_argument("--source", default="CMS", help="Who published it (shown with it).")
        parser.add_argument(
            "--reject-file",
            type=Path,
            help="CSV of rejected rows (line, npi, reason, detail). Default: <file>.rejects.csv.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check; save nothing.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--resume", action="store_true", help="Continue this file's interrupted import."
        )
        parser.add_argument("--json-summary", type=Path)

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not 1990 <= options["year"] <= 2100:
            raise CommandError(f"--year {options['year']} is not a plausible data year.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        reject_file = options["reject_file"] or path.with_name(path.name + ".rejects.csv")
        importer = CostFileImporter(
            KINDS[options["kind"]],
            path,
            year=options["year"],
            source=options["source"],
            reject_file=reject_file,
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            resume=options["resume"],
            progress_stream=self.stderr._out,
        )
        started = time.monotonic()
        try:
            run = importer.execute()
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportInterrupted as error:
            raise CommandError(
                f"Interrupted ({error}). Lines up to {importer.run.committed_line:,} are "
                "saved, not yet published: run the same command with --resume to finish.",
                returncode=130,
            ) from error
        seconds = time.monotonic() - started
        for message in importer.messages:
            self.stdout.write(message)
        label = "Dry run (nothing saved)" if options["dry_run"] else "Import finished"
        self.stdout.write(self.style.SUCCESS(f"{label}: run #{run.pk}, {options['year']}"))
        self.stdout.write(
            f"  rows read     {run.rows_read:>10,}   ({seconds:,.1f} s)\n"
            f"  rows kept     {run.inserted:>10,}\n"
            f"  notes skipped {run.skipped:>10,}\n"
            f"  rejected      {run.rejected:>10,}"
        )
        rejects = importer.rejects
        if rejects.count:
            self.stdout.write(f"  Rejected rows, with line numbers and reasons: {reject_file}")
            for line, _npi, reason, detail in rejects.first[:SHOWN_REJECTS]:
                self.stdout.write(f"    line {line}: {reason} ({detail})")
        if options["json_summary"]:
            summary = {
                "run": run.pk,
                "status": run.status,
                "year": options["year"],
                "rows": run.rows_read,
                "kept": run.inserted,
                "skipped": run.skipped,
                "rejected": run.rejected,
                "replaced": importer.replaced,
                "seconds": round(seconds, 3),
            }
            options["json_summary"].write_text(json.dumps(summary, indent=2))
