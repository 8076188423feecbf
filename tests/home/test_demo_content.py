"""`load_demo_content` builds a complete site once and is safe to re-run."""

import io

import pytest

from django.core.management import call_command

from wagtail.models import Page, Revision, Site

from procedures.demo_content import PROCEDURES
from procedures.models import ArticlePage, ProcedureFeaturedArticle, ProcedurePage


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


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
    procedures = ProcedurePage.objects.live()
    assert procedures.count() == len(PROCEDURES) >= 9
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
    assert ArticlePage.objects.live().count() >= 3
    assert vertebroplasty.visible_featured_articles()


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
