"""manage.py import_nppes FILE.csv — load individual providers from the NPPES file.

See providers/importers/nppes.py and docs/importing.md.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.base import ImportInterrupted
from providers.importers.nppes import NPPESImporter


class Command(BaseCommand):
    help = (
        "Import individual providers from an NPPES Data Dissemination CSV "
        "(npidata_pfile_*.csv). Safe to re-run: rows are upserted by NPI."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--state",
            action="append",
            dest="states",
            metavar="XX",
            help="Keep practice locations in this state (USPS code). Repeatable.",
        )
        parser.add_argument(
            "--taxonomy",
            action="append",
            dest="taxonomies",
            metavar="CODE",
            help="Keep providers with this NUCC taxonomy code. Repeatable. Default: the "
            "specialties that procedure pages list.",
        )
        parser.add_argument("--limit", type=int, help="Stop after this many data rows.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, then roll back."
        )
        parser.add_argument(
            "--reject-file",
            type=Path,
            help="CSV of rejected rows (line, npi, reason, detail). "
            "Default: <file>.rejects.csv next to the input.",
        )
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Continue after the last committed batch of the latest run of this file, if "
            "it was interrupted, failed or its process died; the reject file is continued too.",
        )
        parser.add_argument(
            "--json-summary", type=Path, help="Also write the summary as JSON to this path."
        )
        parser.add_argument(
            "--single-thread",
            action="store_true",
            help="Parse and write on one thread (slower; for debugging).",
        )

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        reject_file = options["reject_file"] or path.with_name(path.name + ".rejects.csv")
        importer = NPPESImporter(
            path,
            taxonomies=options["taxonomies"],
            states=options["states"],
            limit=options["limit"],
            dry_run=options["dry_run"],
            reject_file=reject_file,
            batch_size=options["batch_size"],
            resume=options["resume"],
            progress_stream=self.stderr._out,
            threaded=not options["single_thread"],
        )
        started = time.monotonic()
        try:
            counts = importer.execute()
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportInterrupted as error:
            run = importer.run
            raise CommandError(
                f"Interrupted ({error}). {run.committed_line:,} lines are committed and safe. "
                "Run the same command again to finish (add --resume to skip what is done).",
                returncode=130,
            ) from error
        seconds = time.monotonic() - started
        for message in importer.messages:
            self.stdout.write(message)
        self.print_summary(importer, counts, seconds, reject_file)
        if options["json_summary"]:
            options["json_summary"].write_text(
                json.dumps(self.summary(importer, counts, seconds), indent=2)
            )

    def summary(self, importer, counts, seconds):
        return {
            "run": importer.run.pk,
            "status": importer.run.status,
            "rows": counts.rows,
            "inserted": counts.inserted,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "rejected": counts.rejected,
            "rejected_by_reason": importer.rejects.by_reason,
            "deactivated": counts.deactivated,
            "skipped": counts.skipped_total,
            "skipped_by_reason": counts.skipped,
            "seconds": round(seconds, 3),
            "rows_per_second": round(counts.rows / seconds, 1) if seconds else None,
            "phases": importer.phases.as_dict(),
        }

    def print_summary(self, importer, counts, seconds, reject_file):
        rate = counts.rows / seconds if seconds else 0
        label = "Dry run (nothing saved)" if importer.dry_run else "Import finished"
        self.stdout.write(self.style.SUCCESS(f"{label}: run #{importer.run.pk}"))
        self.stdout.write(
            f"  rows read    {counts.rows:>12,}   ({rate:,.0f} rows/s in {seconds:,.1f} s)\n"
            f"  inserted     {counts.inserted:>12,}\n"
            f"  updated      {counts.updated:>12,}\n"
            f"  unchanged    {counts.unchanged:>12,}\n"
            f"  deactivated  {counts.deactivated:>12,}\n"
            f"  skipped      {counts.skipped_total:>12,}   {format_reasons(counts.skipped)}\n"
            f"  rejected     {counts.rejected:>12,}   {format_reasons(importer.rejects.by_reason)}"
        )
        if counts.rejected:
            self.stdout.write(f"  Rejected rows, with line numbers and reasons: {reject_file}")
            for line, npi, reason, detail in importer.rejects.first[:5]:
                self.stdout.write(f"    line {line}: {reason} ({detail}) {npi}".rstrip())


def format_reasons(by_reason):
    return ", ".join(f"{reason} {n:,}" for reason, n in sorted(by_reason.items()))
