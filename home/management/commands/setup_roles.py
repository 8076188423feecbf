"""Create the editorial groups and the Clinical review workflow (safe to re-run)."""

from django.core.management.base import BaseCommand

from home.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or complete the Medical writers, Clinical reviewers and Editors groups and the "
        "Clinical review workflow on the procedures and articles sections."
    )

    def handle(self, *args, **options):
        setup_roles(stdout=self.stdout)
