"""The directory's labels in the reader's language, from the same rows.

A million providers are not copied per language: their rows hold codes (USPS state,
NUCC taxonomy, ISO 639-1 language) and the English names that came with them. What a
reader sees in another language is a label looked up here, in the active language
(`translation.get_language()`: the `/es/` path on pages, `?locale=` in the API):

- state names from pycountry's ISO 3166-2 catalogs (the territories pycountry does
  not name from CLDR's, through Babel), never from a table of our own;
- language names from CLDR (Babel);
- specialty names from the Django catalog under msgctxt "specialty"
  (`providers/locale/<lang>/LC_MESSAGES/django.po`); a name nobody has translated
  stays English and says so (`Label.fallback`, a `lang` attribute in HTML);
- numbers and dates in the language's format (Django's l10n).

Each function takes the language from the request; none names a language other than
the one the rows are written in (`SOURCE_LANGUAGE`), so a third language is catalog
work only. Lookups are cached per language: no label costs a query.
"""

import gettext
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

from django.conf import settings
from django.utils import formats, translation
from django.utils.html import escape, format_html

from .geography import STATE_NAMES, TERRITORIES

# The language the rows' names are written in (localflavor's state names, the NUCC
# display names, the language rows): in it, a label is the row's own name.
SOURCE_LANGUAGE = "en"
COUNTRY = "US"
# Specialty names share the catalog with every other string: a context keeps a short
# name ("Surgery") from taking another message's translation.
SPECIALTY_CONTEXT = "specialty"


def active_language():
    """The language labels are in: the active one, else the site's default."""
    return translation.get_language() or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Label:
    """A name as shown, and the language it is written in.

    `fallback` is true when nobody has translated it into the reader's language yet:
    pages mark it (`<span lang="en">`) so screen readers pronounce it as English.
    In a template `{{ label.html }}` gives that markup, `{{ label }}` the bare text
    (for attributes, and `<option>`, which takes `lang` itself).
    """

    text: str
    lang: str
    fallback: bool = False

    def __str__(self):
        return self.text

    @property
    def html(self):
        """The text, escaped, inside `<span lang="…">` when it is a fallback."""
        if self.fallback:
            return format_html('<span lang="{}">{}</span>', self.lang, self.text)
        return escape(self.text)


# --- States -----------------------------------------------------------------------


@cache
def _subdivision_catalog(language):
    """pycountry's ISO 3166-2 names in `language` (a no-op catalog when it has none)."""
    return gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@cache
def _cldr(language):
    """CLDR's data for `language`, or the source language's when CLDR has none."""
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def _translated_state(code, catalog, territories):
    """`code`'s name from pycountry's catalog, else, for a territory, CLDR's (to CLDR
    the territories are regions: "VI"), else None.

    Only territories: a state's USPS code is often another country's region code
    (CO, PA, GA), and a state pycountry names the same in both languages (Colorado)
    must not become Colombia.
    """
    subdivision = pycountry.subdivisions.get(code=f"{COUNTRY}-{code}")
    if subdivision is not None:
        name = catalog.gettext(subdivision.name)
        if name != subdivision.name:
            return name
    return territories.get(code) if code in TERRITORIES else None


@cache
def state_names(language):
    """{USPS code: name} in `language`, for every code `geography.STATE_NAMES` has.

    In the source language, the names stay localflavor's (what every English page and
    URL slug has always said); elsewhere a code no catalog names (the armed-forces mail
    codes) keeps its English name.
    """
    if language == SOURCE_LANGUAGE:
        return dict(STATE_NAMES)
    catalog = _subdivision_catalog(language)
    territories = _cldr(language).territories
    return {
        code: _translated_state(code, catalog, territories) or english
        for code, english in STATE_NAMES.items()
    }


def state_name(code):
    """A USPS code's name in the active language ("NM" → "Nuevo México"); "" if unknown."""
    return state_names(active_language()).get((code or "").upper(), "")


def sort_key(text):
    """Alphabetical order for names in any Latin-script language: accents and case
    ignored ("Ohio" before "Óregon" before "Pensilvania")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


# --- Languages and specialties ------------------------------------------------------


def language_name(code, source_name=""):
    """An ISO 639 language's name in the active language, from CLDR ("zh" → "chino").

    In the source language the row's own name (`source_name`) is kept; a code CLDR
    does not know keeps it too.
    """
    language = active_language()
    if language == SOURCE_LANGUAGE and source_name:
        return source_name
    return _cldr(language).languages.get(code) or source_name or code


def specialty_label(name):
    """A NUCC display name in the active language, from the catalog (msgctxt
    "specialty"); untranslated, the English name marked as a fallback."""
    language = active_language()
    if not name or language == SOURCE_LANGUAGE:
        return Label(name or "", SOURCE_LANGUAGE)
    translated = translation.pgettext(SPECIALTY_CONTEXT, name)
    if translated == name:
        return Label(name, SOURCE_LANGUAGE, fallback=True)
    return Label(translated, language)


# --- Numbers and dates --------------------------------------------------------------


def number(value):
    """A count with the active language's digit grouping: "1,234", "1.234"."""
    if value is None:
        return ""
    return formats.number_format(value, force_grouping=True)


def date(value):
    """A date in the active language's long form: "Dec. 7, 2026", "7 de diciembre de 2026"."""
    if value is None:
        return ""
    return formats.date_format(value, "DATE_FORMAT")
