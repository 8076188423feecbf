"""Fixtures for API v3: a published procedure with a newer draft, a never-published
procedure, an article with a draft (the editor's token, `bearer`, is in
tests/conftest.py: the fuzz test uses it too)."""

import pytest

from procedures.factories import ArticlePageFactory, ProcedurePageFactory

LIVE_SUMMARY = "What vertebroplasty is and who it helps."
DRAFT_SUMMARY = "Draft: a rewritten summary, not yet published."


@pytest.fixture
def procedure(procedure_index):
    """Live as published, with a newer draft revision."""
    page = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty", summary=LIVE_SUMMARY
    )
    page.save_revision().publish()
    page.summary = DRAFT_SUMMARY
    page.title = "Vertebroplasty (draft)"
    page.save_revision()
    return page


@pytest.fixture
def unpublished(procedure_index):
    """Never published: only the draft exists."""
    page = ProcedurePageFactory.build(title="Kyphoplasty", slug="kyphoplasty", live=False)
    procedure_index.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def article(article_index):
    page = ArticlePageFactory(parent=article_index, title="Recovery", slug="recovery")
    page.save_revision().publish()
    page.summary = "Draft: what recovery looks like, reworded."
    page.save_revision()
    return page
