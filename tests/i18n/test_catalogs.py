"""The translation catalogs are complete, in step with the code, and compiled.

Every language but the default has a catalog per place makemessages writes one:
`locale/` (templates, core, cms) and `<app>/locale/` for apps that keep their own.
A string marked in the code but missing from a catalog would show in English on the
other language's pages; an untranslated or fuzzy entry would too; a stale `.mo` file
(they are committed, so a fresh clone needs no gettext) would serve old translations.
"""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings

from .po import read_po

ROOT = Path(settings.BASE_DIR)
# What `make messages` never reads (MESSAGES_IGNORE in the Makefile says the same).
IGNORED = (".venv", "bench-data", "node_modules", "tests", "static_collected", "media")
# Apps whose catalogs another line of work keeps (the directory's labels). Until their
# `locale/` exists on a branch, their strings belong to no catalog of this one.
OWN_CATALOG_APPS = ("providers", "costs")
COPY_SKIPPED = {*IGNORED, ".git", ".ruff_cache", ".pytest_cache", "__pycache__", ".bench"}


def other_languages():
    default = settings.LANGUAGE_CODE
    return [code for code, _name in settings.LANGUAGES if code != default]


def catalogs(root=ROOT):
    """Every `django.po` of a non-default language under `root` (the ignored folders
    left out), by path relative to `root`."""
    found = {}
    for code in other_languages():
        for path in root.rglob(f"locale/{code}/LC_MESSAGES/django.po"):
            relative = path.relative_to(root)
            if relative.parts[0] not in COPY_SKIPPED:
                found[relative] = path
    return found


def entry_label(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_language_has_the_root_catalog():
    for code in other_languages():
        assert (ROOT / "locale" / code / "LC_MESSAGES" / "django.po").is_file(), code


def test_catalogs_have_no_untranslated_or_fuzzy_entry():
    problems = []
    for relative, path in catalogs().items():
        for entry in read_po(path):
            if "fuzzy" in entry.flags:
                problems.append(f"{relative}: fuzzy: {entry_label(entry)}")
            elif not entry.translated:
                problems.append(f"{relative}: untranslated: {entry_label(entry)}")
    assert catalogs(), "no catalog found"
    assert not problems, "\n".join(problems)


def test_the_url_slugs_of_the_sections_are_translated():
    """core.i18n.section_path builds the header's and the 500 page's links from them."""
    entries = {e.key: e for e in read_po(ROOT / "locale/es/LC_MESSAGES/django.po")}
    assert entries[("URL slug", "procedures")].msgstr[0] == "procedimientos"
    assert entries[("URL slug", "articles")].msgstr[0] == "articulos"


def test_each_compiled_catalog_holds_exactly_its_po_file():
    """The committed .mo is the .po compiled: the same entries, the same translations
    (compared by content, not by date, so a fresh checkout passes)."""
    for relative, path in catalogs().items():
        mo_path = path.with_suffix(".mo")
        assert mo_path.is_file(), f"{relative}: no compiled .mo beside it (make compilemessages)"
        with mo_path.open("rb") as handle:
            compiled = dict(gettext.GNUTranslations(handle)._catalog)
        compiled.pop("", None)  # the header
        expected = {}
        for entry in read_po(path):
            if "fuzzy" in entry.flags or not entry.translated:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural is None:
                expected[key] = entry.msgstr[0]
            else:
                expected.update({(key, n): text for n, text in entry.msgstr.items()})
        assert compiled == expected, f"{relative} is stale: run make compilemessages"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_catalogs_pass_msgfmt_checks():
    """Placeholders match (python-format), plural forms are complete, the header is valid."""
    for relative, path in catalogs().items():
        msgfmt = shutil.which("msgfmt")
        result = subprocess.run(  # noqa: S603 - gettext's own tool on our catalogs
            [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{relative}:\n{result.stderr}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_catalogs_hold_every_string_the_code_marks(tmp_path):
    """makemessages, run on a copy of the sources, finds no msgid the committed
    catalogs lack (and writes no catalog that is not committed)."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in COPY_SKIPPED])
    ignored = list(IGNORED) + [
        app for app in OWN_CATALOG_APPS if not (ROOT / app / "locale").is_dir()
    ]
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--add-location=file"]
    command += [f"--locale={code}" for code in other_languages()]
    command += [f"--ignore={name}" for name in ignored]
    result = subprocess.run(  # noqa: S603 - our own interpreter
        command,
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    committed = catalogs()
    missing = []
    for relative, path in catalogs(copy).items():
        assert relative in committed, f"makemessages wrote {relative}, which is not committed"
        have = {entry.key for entry in read_po(committed[relative])}
        missing += [f"{relative}: {entry_label(e)}" for e in read_po(path) if e.key not in have]
    assert not missing, "Run make messages and translate:\n" + "\n".join(missing)


def test_the_makefile_ignores_what_these_tests_ignore():
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"^MESSAGES_IGNORE := (.*)$", makefile, re.M).group(1)
    assert sorted(line.split()) == sorted(f"--ignore={name}" for name in IGNORED)
