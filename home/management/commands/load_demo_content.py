"""Load the demo content: home page, procedures, articles (and, later, providers).

Idempotent: what exists is left untouched (editors' changes survive), what is
missing is created. Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand

from home.demo import load_home
from procedures.demo import load_procedures


class Command(BaseCommand):
    help = "Create the demo home page, procedures and articles if they are missing."

    def handle(self, *args, **options):
        home = load_home(stdout=self.stdout)
        created = load_procedures(home, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} page(s) created)."))
