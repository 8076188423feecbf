"""manage.py load_nucc_taxonomy FILE.csv — load or update the NUCC specialty taxonomy."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.nucc import load_nucc_taxonomy

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "nucc_taxonomy_subset.csv"


class Command(BaseCommand):
    help = (
        "Load the NUCC Health Care Provider Taxonomy CSV (nucc_taxonomy_NNN.csv) into "
        "Specialties. Without a file, loads the subset shipped with the project."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
        parser.add_argument("--reject-file", type=Path)

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            run, rejects = load_nucc_taxonomy(path, options["reject_file"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"NUCC taxonomy loaded: run #{run.pk}")
            + f"\n  rows read  {run.rows_read:>8,}\n  inserted   {run.inserted:>8,}"
            f"\n  updated    {run.updated:>8,}\n  unchanged  {run.unchanged:>8,}"
            f"\n  rejected   {run.rejected:>8,}"
        )
        for line, _npi, reason, detail in rejects.first[:10]:
            self.stdout.write(f"    line {line}: {reason} ({detail})")
