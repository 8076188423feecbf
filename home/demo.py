"""Demo site root: a HomePage at the root of the default Site.

Wagtail's own migrations create a placeholder "Welcome" page; the demo loader
replaces it with our HomePage once, and leaves everything alone afterwards.
"""

import os

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from core.i18n import default_language
from procedures.models import ProcedurePage

from .locales import translate_home
from .models import HomePage, HomePopularProcedure, SiteSettings

# Where `make run` serves the site, so absolute URLs (canonical links, the API's
# html_url and find redirects) point at it. Only applied when the demo site is set up.
DEMO_SITE = {
    "hostname": os.environ.get("DEMO_SITE_HOSTNAME", "127.0.0.1"),
    "port": int(os.environ.get("DEMO_SITE_PORT", "8000")),
    "site_name": "Better Healthcare",
}

HOME_INTRO = (
    "<p>Clear, plain-language guides to common medical procedures: what happens before, "
    "during and after, the risks, and the doctors who perform them in your state.</p>"
)


@transaction.atomic
def load_home(stdout=None):
    """Return the site's HomePage, creating it and pointing the default Site at it if needed."""
    home = HomePage.objects.filter(locale__language_code=default_language()).first()
    root = Page.get_first_root_node()
    if home is None:
        # Wagtail's placeholder page already uses the slug "home": move it aside.
        root.get_children().filter(slug="home").exclude(content_type__model="homepage").update(
            slug="wagtail-welcome-placeholder", url_path="/wagtail-welcome-placeholder/"
        )
        home = root.add_child(
            instance=HomePage(title="Better Healthcare", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
        if stdout:
            stdout.write("Created the home page.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(root_page=home, is_default_site=True, **DEMO_SITE)
    elif site.root_page_id != home.pk:
        placeholder = site.root_page
        site.root_page = home
        for field, value in DEMO_SITE.items():
            setattr(site, field, value)
        site.save()
        # Remove Wagtail's "Welcome to your new Wagtail site!" page, and only that.
        if type(placeholder.specific) is Page and placeholder.get_children_count() == 0:
            placeholder.delete()
    SiteSettings.for_site(site)
    return home


def load_translated_homes(home, stdout=None):
    """A home page for every other language (home.locales), translated from `home`."""
    default = default_language()
    return [
        translate_home(home, code, stdout=stdout)
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != default
    ]


@transaction.atomic
def load_popular_procedures(home, slugs, stdout=None):
    """Put the demo's popular procedures (index.toml's `popular`) on the home page, once:
    a home page that has any already keeps the editor's choice."""
    if not slugs or HomePopularProcedure.objects.filter(page=home).exists():
        return
    # Under this home only: each language's home lists the pages of its own tree.
    procedures = {
        page.slug: page for page in ProcedurePage.objects.descendant_of(home).filter(slug__in=slugs)
    }
    HomePopularProcedure.objects.bulk_create(
        HomePopularProcedure(page=home, procedure=procedures[slug], sort_order=position)
        for position, slug in enumerate(slugs)
        if slug in procedures
    )
    if stdout:
        stdout.write(f"Picked {len(procedures)} popular procedure(s) for the home page.")
