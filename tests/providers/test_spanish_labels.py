"""The directory's labels in Spanish, from libraries and catalogs (`providers.labels`).

No database: labels are looked up from codes and English names, never stored per
language.
"""

import csv
import datetime
import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from django.utils import translation

from providers import labels
from providers.geography import STATE_NAMES
from providers.specialty_names import NAMES

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = [
    ROOT / "providers" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    ROOT / "costs" / "locale" / "es" / "LC_MESSAGES" / "django.po",
]


def test_state_names_in_spanish_come_from_pycountry():
    with translation.override("es"):
        names = [labels.state_name(code) for code in ("NM", "NC", "PA", "HI", "NY", "DC")]
    assert names == [
        "Nuevo México",
        "Carolina del Norte",
        "Pensilvania",
        "Hawái",
        "Nueva York",
        "Distrito de Columbia",
    ]


def test_territories_pycountry_leaves_untranslated_come_from_cldr():
    with translation.override("es"):
        # pycountry's Spanish catalog has no entry for "Virgin Islands, U.S."
        assert labels.state_name("VI") == "Islas Vírgenes de EE. UU."
        # A state named alike in both languages stays itself, never a country's name.
        assert labels.state_name("CO") == "Colorado"
        assert labels.state_name("PA") != "Panamá"


def test_english_state_names_are_unchanged():
    with translation.override("en"):
        assert labels.state_names("en") == STATE_NAMES
        assert labels.state_name("VI") == STATE_NAMES["VI"]


def test_every_code_has_a_spanish_name_and_codes_no_catalog_knows_stay_english():
    names = labels.state_names("es")
    assert set(names) == set(STATE_NAMES)
    assert all(names.values())
    assert names["AA"] == STATE_NAMES["AA"]  # armed forces: no ISO 3166-2 entry


def test_a_third_language_needs_no_code():
    """French has pycountry and CLDR catalogs: its names come without a line of code."""
    assert labels.state_names("fr")["NC"] == "Caroline du Nord"
    with translation.override("fr"):
        assert labels.language_name("es", "Spanish") == "espagnol"


def test_language_names_from_cldr():
    with translation.override("es"):
        assert labels.language_name("zh", "Chinese") == "chino"
        assert labels.language_name("en", "English") == "inglés"
        # A code CLDR does not know keeps the row's name.
        assert labels.language_name("qqq", "Klingon") == "Klingon"
    with translation.override("en"):
        assert labels.language_name("zh", "Chinese (Mandarin)") == "Chinese (Mandarin)"


def test_a_translated_specialty_is_spanish_and_not_marked():
    with translation.override("es"):
        label = labels.specialty_label("Vascular & Interventional Radiology Physician")
    assert label.text == "Médico radiólogo vascular e intervencionista"
    assert label.lang == "es"
    assert not label.fallback
    assert label.html == "Médico radiólogo vascular e intervencionista"


def test_an_untranslated_specialty_falls_back_to_english_marked_as_english():
    with translation.override("es"):
        label = labels.specialty_label("Underwater Medicine <Physician>")
    assert label.text == "Underwater Medicine <Physician>"
    assert label.fallback
    assert label.html == '<span lang="en">Underwater Medicine &lt;Physician&gt;</span>'
    with translation.override("en"):
        english = labels.specialty_label("Underwater Medicine")
    assert not english.fallback
    assert english.html == "Underwater Medicine"


def test_short_specialty_words_do_not_take_other_messages_translations():
    """msgctxt "specialty": "Specialty" the form label is "Especialidad"; a specialty
    named like another message has its own entry or none."""
    with translation.override("es"):
        assert translation.gettext("Specialty") == "Especialidad"
        assert labels.specialty_label("Specialty").fallback


def test_numbers_and_dates_in_the_languages_format():
    day = datetime.date(2026, 12, 7)
    with translation.override("en"):
        assert labels.number(1234567) == "1,234,567"
        assert labels.date(day) == "December 7, 2026"  # cms/formats/en DATE_FORMAT
    with translation.override("es"):
        # The site's country's Spanish (CLDR es-US, cms/formats/es), not Spain's
        # "1 234 567": US readers of Spanish write numbers and dollars as English does.
        assert labels.number(1234567) == "1,234,567"
        assert labels.date(day) == "7 de diciembre de 2026"


def test_spanish_dollar_amounts_have_a_decimal_point():
    """A Medicare amount in Spanish reads "$1,234.50", never "$1 234,50" (a comma before
    the cents, beside a dollar sign, reads as a far smaller price)."""
    from django.template import Context, Template

    amount = Template('${{ value|floatformat:"2g" }}')
    for language in ("en", "es"):
        with translation.override(language):
            assert amount.render(Context({"value": 1234.5})) == "$1,234.50"


def test_alphabetical_order_ignores_accents():
    names = ["Pensilvania", "Ohio", "Óregon", "Oklahoma"]
    assert sorted(names, key=labels.sort_key) == ["Ohio", "Oklahoma", "Óregon", "Pensilvania"]


def test_every_specialty_the_directory_ships_is_listed_and_translated():
    with (ROOT / "providers" / "data" / "nucc_taxonomy_subset.csv").open(encoding="utf-8") as f:
        shipped = {row["Display Name"] for row in csv.DictReader(f)}
    with translation.override("en"):
        listed = {str(name) for name in NAMES}  # the msgids: no English catalog
    assert shipped <= listed
    with translation.override("es"):
        assert [name for name in shipped if labels.specialty_label(name).fallback] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-5])
def test_catalog_is_complete_and_compiled(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    messages = [message for message in catalog if message.id]
    assert messages
    untranslated = [m.id for m in messages if not all(m.string if m.pluralizable else [m.string])]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    # The .mo beside it says the same (compiled after the last edit).
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in messages:
        msgid = message.id[0] if message.pluralizable else message.id
        expected = message.string[0] if message.pluralizable else message.string
        if message.context:
            got = compiled.pgettext(message.context, msgid)
        elif message.pluralizable:
            got = compiled.ngettext(msgid, message.id[1], 1)
        else:
            got = compiled.gettext(msgid)
        assert got == expected, msgid
