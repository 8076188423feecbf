"""The demo content files: read in index order, checked, and every mistake named by file.

No database: these read the shipped files, or a copy of them broken on purpose.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from procedures.blocks import SECTION_TYPES
from procedures.demo_files import (
    DEMO_CONTENT_DIR,
    DemoContentError,
    demo_specialties,
    demo_translation_languages,
    join_html_lines,
    read_demo_content,
    read_demo_translations,
)

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def content(tmp_path):
    """A writable copy of the shipped content files."""
    copy = tmp_path / "demo_content"
    shutil.copytree(DEMO_CONTENT_DIR, copy)
    return copy


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"  # the test still breaks what it means to
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pages_come_in_the_order_index_toml_lists_them():
    index = tomllib.loads((DEMO_CONTENT_DIR / "index.toml").read_text(encoding="utf-8"))
    content = read_demo_content(SECTION_TYPES)
    assert [p["slug"] for p in content.procedures] == index["procedures"]
    assert [a["slug"] for a in content.articles] == index["articles"]
    # Alphabetical file order would put carpal-tunnel-release first.
    assert content.procedures[0]["slug"] == "vertebroplasty"


def test_files_are_found_next_to_the_module_whatever_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(read_demo_content(SECTION_TYPES).procedures) >= 9
    assert DEMO_CONTENT_DIR.is_absolute()


def test_the_specialties_read_without_django_for_the_bench_generator():
    """bench/synthetic.py runs as a plain script, with no settings configured."""
    script = (
        "import sys\n"
        "from procedures.demo_files import demo_specialties\n"
        "codes = [s['code'] for s in demo_specialties()]\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')]\n"
        "print(len(codes), codes[0])\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(demo_specialties())), "2085R0204X"]


def test_body_lines_between_blocks_join_with_nothing_and_wrapped_text_keeps_one_space():
    body = """
        <p>First paragraph, wrapped
           over two lines.</p>
        <ul>
        <li>One <strong>bold</strong>
        <em>word</em></li>
        </ul>
    """
    assert join_html_lines(body) == (
        "<p>First paragraph, wrapped over two lines.</p>"
        "<ul><li>One <strong>bold</strong> <em>word</em></li></ul>"
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "procedures/kyphoplasty.toml",
            'title = "Kyphoplasty"\n',
            "",
            "missing key 'title'",
        ),
        (
            "procedures/colonoscopy.toml",
            'type = "risks"',
            'type = "risk"',
            "section 5: unknown section type 'risk' (expected one of: overview,",
        ),
        (
            "articles/how-to-prepare-for-your-first-consultation.toml",
            "summary =",
            "sumary =",
            "unknown key 'sumary'",
        ),
        (
            "procedures/kyphoplasty.toml",
            'title = "Kyphoplasty"',
            'title = "Kyphoplasty',
            "not valid TOML: ",
        ),
        (
            "procedures/kyphoplasty.toml",
            'specialties = ["2085R0204X", "207XS0117X", "207T00000X", "208VP0014X"]',
            'specialties = "2085R0204X"',
            "'specialties' must be a list of text",
        ),
        (
            "procedures/vertebroplasty.toml",
            '"how-to-prepare-for-your-first-consultation",',
            '"how-to-prepare-for-a-first-consultation",',
            "'featured_articles' names 'how-to-prepare-for-a-first-consultation', which is not "
            "in an article file",
        ),
        (
            "procedures/kyphoplasty.toml",
            '"207T00000X"',
            '"207T00000Y"',
            "'specialties' names '207T00000Y', which is not in specialties.toml",
        ),
        (
            "procedures/kyphoplasty.toml",
            'heading = "Recovery"',
            'heading = "  "',
            "section 4: 'heading' is empty",
        ),
        (
            "specialties.toml",
            'code = "2085N0700X"',
            'code = "2085R0204X"',
            "specialty '2085R0204X' appears twice",
        ),
        (
            "specialties.toml",
            'classification = "Radiology"',
            'clasification = "Radiology"',
            "specialty 1: unknown key 'clasification'",
        ),
    ],
)
def test_a_broken_file_is_an_error_naming_it(content, file, old, new, message):
    edit(content / file, old, new)
    with pytest.raises(DemoContentError) as excinfo:
        read_demo_content(SECTION_TYPES, content)
    assert str(excinfo.value).startswith(str(content / file))
    assert message in str(excinfo.value)


def test_a_toml_syntax_error_gives_its_line(content):
    edit(content / "procedures" / "kyphoplasty.toml", "cpt_codes = [", "cpt_codes = [,")
    with pytest.raises(DemoContentError, match=r"kyphoplasty\.toml: not valid TOML: .*line 4"):
        read_demo_content(SECTION_TYPES, content)


def test_a_page_file_missing_from_the_index_is_an_error(content):
    extra = content / "procedures" / "knee-arthroscopy.toml"
    shutil.copy(content / "procedures" / "kyphoplasty.toml", extra)
    with pytest.raises(DemoContentError) as excinfo:
        read_demo_content(SECTION_TYPES, content)
    assert str(excinfo.value) == (
        f"{extra}: not listed in {content / 'index.toml'} under 'procedures'"
    )


def test_an_index_entry_without_its_file_is_an_error(content):
    (content / "articles" / "recovering-at-home-after-outpatient-surgery.toml").unlink()
    with pytest.raises(DemoContentError) as excinfo:
        read_demo_content(SECTION_TYPES, content)
    assert str(excinfo.value).startswith(f"{content / 'index.toml'}: 'articles' lists ")
    assert "recovering-at-home-after-outpatient-surgery.toml" in str(excinfo.value)


def test_a_slug_listed_twice_is_an_error(content):
    edit(content / "index.toml", '"kyphoplasty",', '"kyphoplasty",\n    "kyphoplasty",')
    with pytest.raises(DemoContentError, match="'kyphoplasty' is listed twice"):
        read_demo_content(SECTION_TYPES, content)


def test_a_file_name_that_is_not_a_slug_is_an_error(content):
    (content / "procedures" / "kyphoplasty.toml").rename(content / "procedures" / "Kypho.toml")
    with pytest.raises(DemoContentError, match=r"Kypho\.toml: the file name is the page's slug"):
        read_demo_content(SECTION_TYPES, content)


def test_optional_keys_default_to_empty(content):
    for key in ("also_known_as", "cpt_codes", "specialties"):
        text = (content / "procedures" / "colonoscopy.toml").read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if line.startswith(key))
        assert line.endswith("]")  # one line, so dropping it drops the whole key
        edit(content / "procedures" / "colonoscopy.toml", line + "\n", "")
    colonoscopy = next(
        p
        for p in read_demo_content(SECTION_TYPES, content).procedures
        if p["slug"] == "colonoscopy"
    )
    assert colonoscopy["also_known_as"] == colonoscopy["cpt_codes"] == []
    assert colonoscopy["specialties"] == []
    assert colonoscopy["featured_articles"]  # the key left in is still read


# Translations: <language>/ folders, each file naming the English page it translates.


def test_every_spanish_file_reads_and_translates_an_english_page_of_its_kind():
    content = read_demo_content(SECTION_TYPES)
    spanish = read_demo_translations("es", content, SECTION_TYPES)
    index = tomllib.loads((DEMO_CONTENT_DIR / "es" / "index.toml").read_text(encoding="utf-8"))
    assert [p["slug"] for p in spanish.procedures] == index["procedures"]
    assert [a["slug"] for a in spanish.articles] == index["articles"]
    english = {p["slug"]: p for p in content.procedures}
    for page in spanish.procedures:
        source = english[page["translation_of"]]
        assert [s["type"] for s in page["sections"]] == [s["type"] for s in source["sections"]]
        assert page["title"] != source["title"]
    assert {a["translation_of"] for a in spanish.articles} <= {a["slug"] for a in content.articles}
    assert spanish.procedures[0]["slug"] == "vertebroplastia"
    assert spanish.procedures[0]["translation_of"] == "vertebroplasty"
    assert spanish.procedure_index["slug"] == "procedimientos"
    assert demo_translation_languages() == ["es"]


def test_a_translation_keeps_the_english_review_keys_it_does_not_give():
    content = read_demo_content(SECTION_TYPES)
    spanish = read_demo_translations("es", content, SECTION_TYPES)
    english = next(p for p in content.procedures if p["slug"] == "vertebroplasty")
    vertebroplastia = spanish.procedures[0]
    for key in ("authors", "reviewer", "last_reviewed", "references"):
        assert vertebroplastia[key] == english[key]
    # The osteoporosis article gives its references: the English ones and MedlinePlus's
    # Spanish page.
    article = next(a for a in spanish.articles if a["slug"].startswith("osteoporosis"))
    urls = [reference["url"] for reference in article["references"]]
    assert "https://medlineplus.gov/spanish/osteoporosis.html" in urls
    assert "https://medlineplus.gov/osteoporosis.html" in urls


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "es/procedures/cifoplastia.toml",
            'translation_of = "kyphoplasty"\n',
            "",
            "missing key 'translation_of'",
        ),
        (
            "es/procedures/cifoplastia.toml",
            'translation_of = "kyphoplasty"',
            'translation_of = "kyfoplasty"',
            "'translation_of' names 'kyfoplasty', which is not an English page under 'procedures'",
        ),
        (
            "es/articles/preparacion-intestinal-para-la-colonoscopia.toml",
            'translation_of = "getting-ready-for-a-colonoscopy-bowel-prep-basics"',
            'translation_of = "colonoscopy"',
            "'translation_of' names 'colonoscopy', which is not an English page under 'articles'",
        ),
        (
            "es/procedures/colonoscopia.toml",
            'translation_of = "colonoscopy"',
            'translation_of = "vertebroplasty"',
            "'vertebroplasty' is already translated by ",
        ),
        (
            "es/procedures/colonoscopia.toml",
            'type = "risks"',
            'type = "aftercare"',
            "the sections must be those of the English page 'colonoscopy', in its order: "
            "overview, preparation, procedure, recovery, risks, aftercare (not ",
        ),
        (
            "es/procedures/cifoplastia.toml",
            'title = "Cifoplastia"',
            'titulo = "Cifoplastia"',
            "unknown key 'titulo'",
        ),
        (
            "es/procedures/cifoplastia.toml",
            'translation_of = "kyphoplasty"',
            'translation_of = "kyphoplasty"\ncpt_codes = ["22513"]',
            "unknown key 'cpt_codes'",
        ),
        (
            "es/procedures/cifoplastia.toml",
            'translation_of = "kyphoplasty"',
            'translation_of = "kyphoplasty"\nreviewer = "revisor"',
            "'reviewer' names 'revisor', which is not in people.toml",
        ),
        (
            "es/index.toml",
            'slug = "procedimientos"',
            'slug = "Procedimientos"',
            "[procedure_index]: 'slug' must be lowercase letters, digits and hyphens",
        ),
        (
            "es/index.toml",
            'title = "Artículos"\n',
            "",
            "[article_index]: missing key 'title'",
        ),
    ],
)
def test_a_broken_translation_is_an_error_naming_its_file(content, file, old, new, message):
    edit(content / file, old, new)
    english = read_demo_content(SECTION_TYPES, content)
    with pytest.raises(DemoContentError) as excinfo:
        read_demo_translations("es", english, SECTION_TYPES, content)
    assert str(excinfo.value).startswith(str(content / file))
    assert message in str(excinfo.value)


def test_a_translation_missing_from_its_index_is_an_error(content):
    extra = content / "es" / "procedures" / "artroplastia-total-de-rodilla.toml"
    shutil.copy(content / "es" / "procedures" / "cifoplastia.toml", extra)
    english = read_demo_content(SECTION_TYPES, content)
    with pytest.raises(DemoContentError) as excinfo:
        read_demo_translations("es", english, SECTION_TYPES, content)
    assert str(excinfo.value) == (
        f"{extra}: not listed in {content / 'es' / 'index.toml'} under 'procedures'"
    )
