"""`load_demo_content` builds a complete site once and is safe to re-run."""

import io
import json
import shutil
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision, Site

from procedures import demo
from procedures.blocks import SECTION_TYPES
from procedures.demo_files import DEMO_CONTENT_DIR, read_demo_content
from procedures.models import ArticlePage, ProcedureFeaturedArticle, ProcedurePage
from providers.models import Specialty

# Written once from procedures/demo_content.py, the Python module the content files replaced.
EXPECTED = Path(__file__).resolve().parent.parent / "data" / "demo_content.expected.json"


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def stream_data(stream):
    """A StreamField's stored blocks without their random ids."""
    return [{"type": block["type"], "value": block["value"]} for block in stream.raw_data]


def built_demo_content():
    """What the loader put in the English tree, in display (tree) order, without generated
    ids: the shape of tests/data/demo_content.expected.json (tests/home/test_demo_translations.py
    checks the Spanish tree)."""
    procedures = [
        {
            "slug": page.slug,
            "title": page.title,
            "summary": page.summary,
            "also_known_as": page.also_known_as,
            "procedure_codes": page.procedure_codes,
            "live": page.live,
            "sections": stream_data(page.sections),
            "featured_articles": [
                link.article.slug for link in page.featured_article_links.order_by("sort_order")
            ],
            "specialties": [
                link.specialty.code for link in page.specialty_links.order_by("sort_order")
            ],
        }
        for page in ProcedurePage.objects.filter(locale__language_code="en").order_by("path")
    ]
    articles = [
        {
            "slug": page.slug,
            "title": page.title,
            "summary": page.summary,
            "live": page.live,
            "body": stream_data(page.body),
        }
        for page in ArticlePage.objects.filter(locale__language_code="en").order_by("path")
    ]
    specialties = list(
        Specialty.objects.order_by("pk").values(
            "code", "grouping", "classification", "specialization", "display_name"
        )
    )
    return {"procedures": procedures, "articles": articles, "specialties": specialties}


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "links": sorted(ProcedureFeaturedArticle.objects.values_list("page_id", "article_id")),
        "sites": sorted(Site.objects.values_list("id", "root_page_id", "is_default_site")),
    }


@pytest.mark.django_db
def test_demo_content_builds_the_site():
    load()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    procedures = ProcedurePage.objects.live().filter(locale__language_code="en")
    assert procedures.count() == len(demo.demo_content().procedures) >= 9
    assert {"vertebroplasty", "kyphoplasty", "colonoscopy"} <= set(
        procedures.values_list("slug", flat=True)
    )
    vertebroplasty = procedures.get(slug="vertebroplasty")
    assert [b.block_type for b in vertebroplasty.sections] == [
        "overview",
        "preparation",
        "procedure",
        "recovery",
        "risks",
        "aftercare",
    ]
    assert vertebroplasty.url_path == "/home/procedures/vertebroplasty/"
    assert ArticlePage.objects.live().filter(locale__language_code="en").count() >= 3
    assert vertebroplasty.visible_featured_articles()


@pytest.mark.django_db
def test_content_files_build_the_pages_the_old_python_module_built():
    """Same pages, in the same order, with the same fields, section HTML (byte for byte:
    the Vertebroplasty sections are the seed page's), links and specialties."""
    load()
    built = built_demo_content()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert [p["slug"] for p in built["procedures"]] == [p["slug"] for p in expected["procedures"]]
    assert [a["slug"] for a in built["articles"]] == [a["slug"] for a in expected["articles"]]
    assert built == expected


@pytest.mark.django_db
def test_a_broken_content_file_stops_the_load_with_its_name_and_creates_no_page(
    tmp_path, monkeypatch
):
    broken = tmp_path / "demo_content"
    shutil.copytree(DEMO_CONTENT_DIR, broken)
    path = broken / "procedures" / "colonoscopy.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('type = "risks"', 'type = "complications"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "demo_content", lambda: read_demo_content(SECTION_TYPES, broken))
    with pytest.raises(CommandError) as excinfo:
        load()
    assert str(path) in str(excinfo.value)
    assert "unknown section type 'complications'" in str(excinfo.value)
    assert not ProcedurePage.objects.exists()
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_every_demo_procedure_passes_the_editors_validation():
    load()
    for page in ProcedurePage.objects.all():
        block = page.sections.stream_block
        block.clean(page.sections)  # raises if a demo page breaks the section rules


@pytest.mark.django_db
def test_running_twice_changes_nothing_and_duplicates_nothing():
    load()
    before = snapshot()
    second_output = load()
    assert snapshot() == before
    assert "(0 page(s) and provider(s) created)" in second_output


@pytest.mark.django_db
def test_editor_changes_survive_a_rerun():
    load()
    page = ProcedurePage.objects.get(slug="vertebroplasty")
    page.summary = "Edited by a medical writer."
    page.save_revision().publish()
    load()
    assert ProcedurePage.objects.get(slug="vertebroplasty").summary == "Edited by a medical writer."


@pytest.mark.django_db
def test_demo_providers_are_fictional_valid_and_linked_with_every_basis():
    from core.npi import is_valid_npi
    from providers.choices import LinkBasis
    from providers.models import Provider, ProviderProcedure

    load()
    providers = Provider.objects.all()
    assert 200 <= providers.count() <= 500
    assert all(
        is_valid_npi(npi) and npi.startswith("9") for npi in providers.values_list("npi", flat=True)
    )
    assert len(set(providers.values_list("state", flat=True))) >= 30
    bases = set(ProviderProcedure.objects.values_list("basis", flat=True))
    assert bases == {LinkBasis.VERIFIED, LinkBasis.VOLUME, LinkBasis.SPECIALTY}


@pytest.mark.django_db
def test_ensure_superuser_creates_the_admin_once(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-password")
    call_command("ensure_superuser", stdout=io.StringIO())
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("first-password")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "second-password")
    out = io.StringIO()
    call_command("ensure_superuser", stdout=out)
    assert "already exists" in out.getvalue()
    user.refresh_from_db()
    assert user.check_password("first-password")  # an existing user is never changed


@pytest.mark.django_db
def test_ensure_superuser_does_nothing_without_variables(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_superuser", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_the_demo_home_page_gets_the_popular_procedures_index_toml_names_once():
    from home.models import HomePage, HomePopularProcedure

    load()
    home = HomePage.objects.get(locale__language_code="en")
    wanted = demo.demo_content().popular
    assert wanted
    assert [p.slug for p in home.popular_procedures()] == wanted
    HomePopularProcedure.objects.filter(page=home).delete()
    HomePopularProcedure.objects.create(
        page=home, procedure=ProcedurePage.objects.get(slug="kyphoplasty"), sort_order=0
    )
    load()  # an editor's choice survives a rerun
    assert [p.slug for p in home.popular_procedures()] == ["kyphoplasty"]
