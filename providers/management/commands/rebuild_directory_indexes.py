"""manage.py rebuild_directory_indexes — build the indexes an unfinished initial load dropped.

An initial NPPES load builds the directory's secondary indexes once at its end
(providers/importers/deferred_indexes.py). If its process was killed, the next
import builds them; this command does it now, without importing anything.
"""

from django.core.management.base import BaseCommand

from providers.importers import deferred_indexes


class Command(BaseCommand):
    help = "Build the directory indexes an interrupted initial import left to build."

    def handle(self, *args, **options):
        names = deferred_indexes.rebuild()
        if names:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built {len(names)} indexes and foreign keys: {', '.join(names)}"
                )
            )
        else:
            self.stdout.write("Nothing to build: every directory index is in place.")
