"""manage.py import_deactivated_npis REPORT.xlsx — apply NPPES's deactivated-NPI report.

See providers/importers/deactivation_report.py and docs/importing.md.
"""

import argparse
import json
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.base import ImportInterrupted
from providers.importers.deactivation_report import DeactivationReportImporter

SHOWN_REJECTS = 20


def report_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD"
        ) from None


class Command(BaseCommand):
    help = (
        'Apply the NPPES "Deactivated NPI Report" (.xlsx as NPPES publishes it, or CSV with '
        "the columns NPI and NPPES Deactivation Date): unpublish every deactivated provider. "
        "Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--report-date",
            type=report_date,
            metavar="YYYY-MM-DD",
            help="The report's date, when neither its title row nor its file name says it.",
        )
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
            "--json-summary", type=Path, help="Also write the summary as JSON to this path."
        )

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        reject_file = options["reject_file"] or path.with_name(path.name + ".rejects.csv")
        importer = DeactivationReportImporter(
            path,
            report_date=options["report_date"],
            dry_run=options["dry_run"],
            reject_file=reject_file,
            batch_size=options["batch_size"],
        )
        started = time.monotonic()
        try:
            counts = importer.execute()
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportInterrupted as error:
            raise CommandError(
                f"Interrupted ({error}). Lines up to {importer.run.committed_line:,} are "
                "applied; run the same command again to finish (what is done is skipped).",
                returncode=130,
            ) from error
        seconds = time.monotonic() - started
        for message in importer.messages:
            self.stdout.write(message)
        label = "Dry run (nothing saved)" if options["dry_run"] else "Deactivation report applied"
        self.stdout.write(
            self.style.SUCCESS(
                f"{label}: run #{importer.run.pk}, report of {importer.report_date:%Y-%m-%d}"
            )
        )
        self.stdout.write(
            f"  rows read                {counts.rows:>10,}   ({seconds:,.1f} s)\n"
            f"  deactivated now          {counts.deactivated:>10,}\n"
            f"  deactivated already      {counts.already:>10,}\n"
            f"  not in the directory     {counts.not_listed:>10,}\n"
            f"  rejected                 {counts.rejected:>10,}"
        )
        rejects = importer.rejects
        if rejects.count:
            self.stdout.write(f"  Rejected rows, with line numbers and reasons: {reject_file}")
            for line, npi, reason, detail in rejects.first[:SHOWN_REJECTS]:
                self.stdout.write(f"    line {line}: {reason} ({detail}) {npi}".rstrip())
            if rejects.count > SHOWN_REJECTS:
                self.stdout.write(f"    … and {rejects.count - SHOWN_REJECTS:,} more")
        if options["json_summary"]:
            summary = {
                "run": importer.run.pk,
                "status": importer.run.status,
                "report_date": importer.report_date.isoformat(),
                "rows": counts.rows,
                "deactivated": counts.deactivated,
                "already_deactivated": counts.already,
                "not_in_directory": counts.not_listed,
                "rejected": counts.rejected,
                "rejected_by_reason": rejects.by_reason,
                "seconds": round(seconds, 3),
            }
            options["json_summary"].write_text(json.dumps(summary, indent=2))
