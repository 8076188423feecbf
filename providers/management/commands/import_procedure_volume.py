"""manage.py import_procedure_volume FILE.csv --year 2023 — link providers by billing volume."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.base import ImportInterrupted
from providers.importers.volume import import_procedure_volume


class Command(BaseCommand):
    help = (
        'Read the CMS "Medicare Physician & Other Practitioners - by Provider and Service" CSV '
        "and link providers to the procedure pages whose CPT/HCPCS codes they bill (basis: volume)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--year", type=int, required=True, help="The data year the file describes."
        )
        parser.add_argument("--source", default="Medicare", help="Shown with the volume.")
        parser.add_argument("--reject-file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json-summary", type=Path)

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not 1990 <= options["year"] <= 2100:
            raise CommandError(f"--year {options['year']} is not a plausible data year.")
        reject_file = options["reject_file"] or path.with_name(path.name + ".rejects.csv")
        started = time.monotonic()
        try:
            run, summary, rejects = import_procedure_volume(
                path,
                year=options["year"],
                source=options["source"],
                reject_file=reject_file,
                dry_run=options["dry_run"],
                progress_stream=self.stderr._out,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportInterrupted as error:
            raise CommandError(
                f"Interrupted ({error}); nothing was saved. Run the command again.", returncode=130
            ) from error
        seconds = time.monotonic() - started
        label = "Dry run (nothing saved)" if options["dry_run"] else "Volume import finished"
        self.stdout.write(self.style.SUCCESS(f"{label}: run #{run.pk}"))
        self.stdout.write(
            f"  rows read            {summary['rows']:>10,}   ({seconds:,.1f} s)\n"
            f"  rows for procedures  {summary['matched_rows']:>10,}\n"
            f"  links created        {summary['created']:>10,}\n"
            f"  links updated        {summary['updated']:>10,}\n"
            f"  links unchanged      {summary['unchanged']:>10,}\n"
            f"  NPIs not listed      {summary['unknown_npis']:>10,}\n"
            f"  payment rows kept    {summary.get('figures', 0):>10,}\n"
            f"  rejected             {summary['rejected']:>10,}"
        )
        if rejects.count:
            self.stdout.write(f"  Rejected rows, with line numbers and reasons: {reject_file}")
            for line, npi, reason, detail in rejects.first[:5]:
                self.stdout.write(f"    line {line}: {reason} ({detail}) {npi}".rstrip())
        if options["json_summary"]:
            options["json_summary"].write_text(
                json.dumps({**summary, "run": run.pk, "seconds": round(seconds, 3)}, indent=2)
            )
