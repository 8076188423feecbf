"""Load the demo content: home page, procedures, articles, fictional providers and
sample Medicare cost files.

Idempotent: what exists is left untouched (editors' changes survive), what is
missing is created. Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand, CommandError

from costs.demo import load_costs
from home.demo import load_home, load_popular_procedures, load_translated_homes
from procedures.demo import demo_content, load_procedures
from procedures.demo_files import DemoContentError
from procedures.demo_translations import (
    demo_translations,
    load_translations,
    translated_popular,
)
from providers.demo import load_providers


class Command(BaseCommand):
    help = "Create the demo home page, procedures, articles and providers if they are missing."

    def handle(self, *args, **options):
        home = load_home(stdout=self.stdout)
        load_translated_homes(home, stdout=self.stdout)
        try:
            demo_translations()  # every file checked before a page is written
            created = load_procedures(home, stdout=self.stdout)
            popular = demo_content().popular
            load_popular_procedures(home, popular, stdout=self.stdout)
            # The other languages' pages: translations of the English ones (demo_content/es/).
            created += load_translations(home, stdout=self.stdout)
            for translated_home, slugs in translated_popular(home, popular):
                load_popular_procedures(translated_home, slugs, stdout=self.stdout)
        except DemoContentError as error:  # a writer's typo: name the file, no traceback
            raise CommandError(str(error)) from None
        created += load_providers(stdout=self.stdout)
        # Sample Medicare files in CMS's layouts, and the demo doctors' figures.
        created += load_costs(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready ({created} page(s) and provider(s) created).")
        )
