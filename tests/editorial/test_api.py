"""Apps get the same review metadata, people, references and disclaimer as visitors."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

import wagtail_factories

from editorial.factories import PersonFactory
from editorial.models import PageAuthor
from procedures.factories import ArticlePageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db

FIELDS = "authors,reviewed_by,last_reviewed,next_review_due,references,disclaimer"


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def reviewed(factory, parent, authors=1, **kwargs):
    page = factory(
        parent=parent,
        reviewer=PersonFactory(
            name="Dr Rhea Reviewer", npi="1234567893", photo=wagtail_factories.ImageFactory()
        ),
        last_reviewed=datetime.date(2026, 3, 2),
        next_review_due=datetime.date(2027, 3, 2),
        references__0__reference__title="Trial one",
        **kwargs,
    )
    for order in range(authors):
        PageAuthor.objects.create(
            page=page,
            person=PersonFactory(name=f"Author {order}", photo=wagtail_factories.ImageFactory()),
            sort_order=order,
        )
    return page


def test_page_detail_carries_review_people_references_and_disclaimer(client, procedure_index):
    page = reviewed(ProcedurePageFactory, procedure_index, authors=2)
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert [author["name"] for author in data["authors"]] == ["Author 0", "Author 1"]
    assert data["authors"][0]["photo"]["url"].startswith("/media/images/")
    assert data["authors"][0]["photo"]["width"] <= 160  # fill-160x160, never upscaled
    reviewer = data["reviewed_by"]
    assert reviewer["name"] == "Dr Rhea Reviewer" and reviewer["npi"] == "1234567893"
    assert "user" not in reviewer
    assert data["last_reviewed"] == "2026-03-02"
    assert data["next_review_due"] == "2027-03-02"
    assert data["references"] == [
        {
            "number": 1,
            "title": "Trial one",
            "authors": "Smith A, Jones B",
            "publisher": "J Example Med",
            "year": 2020,
            "doi": "10.1000/example.1",
            "pmid": "12345678",
            "url": "https://doi.org/10.1000/example.1",
            "accessed": None,
        }
    ]
    assert data["disclaimer"].startswith("This content is for general information only")


def test_never_reviewed_page_has_null_review_fields(client, article_index):
    page = ArticlePageFactory(parent=article_index)
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert data["reviewed_by"] is None
    assert data["last_reviewed"] is None and data["next_review_due"] is None
    assert data["authors"] == [] and data["references"] == []


@pytest.mark.parametrize(
    ("model", "factory", "parent"),
    [
        ("procedures.ProcedurePage", ProcedurePageFactory, "procedure_index"),
        ("procedures.ArticlePage", ArticlePageFactory, "article_index"),
    ],
)
def test_listing_queries_do_not_grow_with_pages_or_people(
    client, request, model, factory, parent, django_assert_max_num_queries
):
    parent = request.getfixturevalue(parent)
    url = f"/api/v2/pages/?type={model}&fields={FIELDS}&limit=50"
    reviewed(factory, parent, authors=1)
    get_json(client, url)
    with CaptureQueriesContext(connection) as context:
        get_json(client, url)
    baseline = len(context.captured_queries)  # now: the next request clears the log
    for _ in range(5):
        reviewed(factory, parent, authors=3)
    get_json(client, url)
    with django_assert_max_num_queries(baseline):
        data = get_json(client, url)
    assert len(data["items"]) == 6
    assert all(item["reviewed_by"]["name"] == "Dr Rhea Reviewer" for item in data["items"])
    assert sum(len(item["authors"]) for item in data["items"]) == 16
