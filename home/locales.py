"""The site's languages as Wagtail `Locale` rows and translated home pages.

`LANGUAGES` in the settings is the list of languages; this keeps the database in step
with it, so adding a language stays configuration: after `migrate` every language has
its `Locale` (a database made when the default was "en-us" has that row renamed), and
`load_demo_content` gives each language a home page translated from the English one,
under which that language's pages live (`/es/` is the Spanish home).
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from wagtail.models import Locale

from core.i18n import default_language


def ensure_locales(**kwargs):
    """A `Locale` for every content language (a post_migrate receiver)."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    default = default_language()
    if not Locale.objects.filter(language_code=default).exists():
        # Wagtail made the first locale from LANGUAGE_CODE, which said "en-us" before.
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE.lower()).update(
            language_code=default
        )
        Locale.objects.filter(language_code="en-us").update(language_code=default)
    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        [Locale(language_code=code) for code in codes if code not in existing]
    )


@transaction.atomic
def translate_home(home, language_code, title=None, stdout=None):
    """The home page of `language_code`, copied from the default language's `home` and
    published, or the one that exists."""
    locale = Locale.objects.get(language_code=language_code)
    existing = home.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = home.copy_for_translation(locale)
    if title:
        translated.title = title
    translated.save_revision().publish()
    if stdout:
        with translation.override(language_code):
            stdout.write(f"Created the {locale.get_display_name()} home page.")
    return translated.specific
