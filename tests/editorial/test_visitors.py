"""What visitors see: the review line, authors, numbered references, the trust
statements, featured doctors' reasons and the page's JSON-LD."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.factories import PersonFactory
from editorial.models import PageAuthor
from home.models import SiteSettings
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory
from providers.models import ProcedureFeaturedProvider

pytestmark = pytest.mark.django_db

REVIEWED = datetime.date(2026, 3, 2)


def reviewed_procedure(parent, authors=1, references=2, **kwargs):
    reviewer = PersonFactory(
        name="Dr Rhea Reviewer", credentials="MD", role="Interventional radiologist"
    )
    fields = {f"references__{n}__reference__title": f"Trial {n + 1}" for n in range(references)}
    page = ProcedurePageFactory(
        parent=parent,
        reviewer=reviewer,
        last_reviewed=REVIEWED,
        next_review_due=datetime.date(2027, 3, 2),
        **fields,
        **kwargs,
    )
    for order in range(authors):
        PageAuthor.objects.create(
            page=page, person=PersonFactory(name=f"Author {order + 1}"), sort_order=order
        )
    return page


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def jsonld(html):
    scripts = html.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_reviewed_page_shows_reviewer_dates_authors_and_references(client, procedure_index):
    page = reviewed_procedure(procedure_index, authors=2, slug="vertebroplasty")
    html = soup(client.get(page.url))
    byline = html.select_one(".review-byline").get_text(" ", strip=True)
    assert "Written by Author 1, MD and Author 2, MD" in byline
    assert "Medically reviewed by Dr Rhea Reviewer, MD, Interventional radiologist" in byline
    assert "Last reviewed: March 2, 2026" in byline
    assert "Next review due: March 2, 2027" in byline
    items = html.select(".references ol li")
    assert [li["id"] for li in items] == ["ref-1", "ref-2"]
    assert "Trial 1" in items[0].get_text()
    assert "doi.org/10.1000/example.1" in str(items[0])
    assert (
        html.select_one(".about-page__disclaimer")
        .get_text(strip=True)
        .startswith("This content is for general information only")
    )
    assert "no provider pays to be listed" in html.select_one(".about-page").get_text()


def test_a_page_never_reviewed_shows_no_review_line(client, procedure_index, article_index):
    for page in (
        ProcedurePageFactory(parent=procedure_index, slug="unreviewed"),
        ArticlePageFactory(parent=article_index, slug="unreviewed-article"),
    ):
        html = soup(client.get(page.url))
        text = html.get_text()
        assert "Medically reviewed" not in text and "Last reviewed" not in text
        assert "Next review due" not in text
        assert html.select(".references") == []
        assert "lastReviewed" not in jsonld(html) and "reviewedBy" not in jsonld(html)


def test_jsonld_is_a_reviewed_medical_web_page_about_the_procedure(client, procedure_index):
    page = reviewed_procedure(procedure_index, authors=2, slug="vertebroplasty")
    data = jsonld(soup(client.get(page.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/procedures/vertebroplasty/"
    assert data["lastReviewed"] == "2026-03-02"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Rhea Reviewer",
        "honorificSuffix": "MD",
        "jobTitle": "Interventional radiologist",
    }
    assert [author["name"] for author in data["author"]] == ["Author 1", "Author 2"]
    assert [citation["name"] for citation in data["citation"]] == ["Trial 1", "Trial 2"]
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1000/example.1"} in data[
        "citation"
    ][0]["identifier"]
    procedure = data["about"]
    assert procedure["@type"] == "MedicalProcedure"
    assert procedure["name"] == page.title
    assert procedure["preparation"] == "Preparation text for patients."
    assert procedure["howPerformed"] == "Procedure text for patients."
    assert procedure["followup"] == "Aftercare text for patients."
    assert procedure["adverseOutcome"]["description"] == "Risks text for patients."


def test_article_jsonld_carries_the_review_too(client, article_index):
    reviewer = PersonFactory(name="Dr Article")
    page = ArticlePageFactory(
        parent=article_index, reviewer=reviewer, last_reviewed=REVIEWED, slug="prep"
    )
    data = jsonld(soup(client.get(page.url)))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-03-02"
    assert data["reviewedBy"]["name"] == "Dr Article"
    assert "about" not in data


def test_jsonld_cannot_break_out_of_its_script_tag(client, procedure_index):
    page = reviewed_procedure(procedure_index, slug="x", title="</script><script>alert(1)")
    response = client.get(page.url)
    assert "</script><script>alert(1)" not in response.text.split("<body")[0]
    assert jsonld(soup(response))["name"] == "</script><script>alert(1)"


def test_featured_doctors_show_the_editors_reason(client, procedure_index):
    page = ProcedurePageFactory(parent=procedure_index, slug="knee")
    provider = ProviderFactory(first_name="Grace", last_name="Hopper")
    ProcedureFeaturedProvider.objects.create(
        page=page, provider=provider, reason="Runs the region's fracture liaison service."
    )
    html = soup(client.get(page.url))
    item = html.select_one(".provider-list--featured li")
    assert "Editor’s pick: Runs the region's fracture liaison service." in item.get_text()
    assert "No one pays to be featured" in html.select_one(".find-doctor").get_text()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_view_queries_do_not_grow_with_authors_or_references(client, procedure_index):
    small = reviewed_procedure(procedure_index, authors=1, references=1, slug="small")
    large = reviewed_procedure(procedure_index, authors=4, references=6, slug="large")
    client.get(small.url)  # warm the site-root cache and each page's cached map
    client.get(large.url)
    assert count_queries(client, large.url) == count_queries(client, small.url)


def test_trust_statements_and_editorial_policy_link_come_from_site_settings(
    client, procedure_index, article_index
):
    policy = ArticlePageFactory(parent=article_index, title="How we review", slug="policy")
    site_settings = SiteSettings.for_site(procedure_index.get_site())
    site_settings.editorial_policy_page = policy
    site_settings.funding_statement = "Funded by a charitable grant; no advertising."
    site_settings.conflict_of_interest_statement = "Our reviewers declare no conflicts."
    site_settings.medical_disclaimer = "Not medical advice: ask your doctor."
    site_settings.save()
    page = ProcedurePageFactory(parent=procedure_index, slug="knee")
    about = soup(client.get(page.url)).select_one(".about-page")
    text = about.get_text(" ", strip=True)
    assert "Not medical advice: ask your doctor." in text
    assert "Funded by a charitable grant; no advertising." in text
    assert "Our reviewers declare no conflicts." in text
    assert about.find("a", string="How we write and review our content")["href"] == policy.url


def test_a_reviewer_costs_the_page_no_query_beyond_its_authors(client, procedure_index):
    """The byline's one query brings the authors and the reviewer together."""
    reviewed = reviewed_procedure(procedure_index, authors=2, slug="reviewed")
    unreviewed = ProcedurePageFactory(parent=procedure_index, slug="unreviewed")
    for order in range(2):
        PageAuthor.objects.create(
            page=unreviewed, person=PersonFactory(name=f"Writer {order + 1}"), sort_order=order
        )
    client.get(reviewed.url)
    client.get(unreviewed.url)
    assert count_queries(client, reviewed.url) == count_queries(client, unreviewed.url)
    html = soup(client.get(reviewed.url))
    assert "Medically reviewed by Dr Rhea Reviewer" in html.get_text(" ", strip=True)
    assert jsonld(html)["reviewedBy"]["name"] == "Dr Rhea Reviewer"


def test_a_reviewer_who_is_also_an_author_is_named_in_both_places(client, procedure_index):
    page = reviewed_procedure(procedure_index, authors=1, slug="both")
    PageAuthor.objects.create(page=page, person=page.reviewer, sort_order=1)
    byline = soup(client.get(page.url)).select_one(".review-byline").get_text(" ", strip=True)
    assert "Written by Author 1, MD and Dr Rhea Reviewer, MD" in byline
    assert "Medically reviewed by Dr Rhea Reviewer" in byline
