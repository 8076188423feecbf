"""The home page: search box, "Find a doctor", popular procedures, latest articles."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from home.models import HomePopularProcedure
from procedures.factories import ArticlePageFactory, ProcedurePageFactory


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def popular_titles(client):
    html = soup(client.get("/"))
    section = html.find("section", attrs={"aria-labelledby": "home-procedures"})
    return [a.get_text(strip=True) for a in section.select(".card__title a")] if section else []


@pytest.fixture
def procedures(procedure_index):
    return {
        title: ProcedurePageFactory(parent=procedure_index, title=title)
        for title in ("Arthroscopy", "Biopsy", "Cataract surgery", "Dialysis")
    }


def pick(home, *pages):
    for position, page in enumerate(pages):
        HomePopularProcedure.objects.create(page=home, procedure=page, sort_order=position)


def test_popular_procedures_are_the_editors_picks_in_the_editors_order(client, home, procedures):
    pick(home, procedures["Dialysis"], procedures["Arthroscopy"])
    assert popular_titles(client) == ["Dialysis", "Arthroscopy"]


def test_without_picks_the_first_procedures_a_to_z_are_shown(client, home, procedures):
    assert popular_titles(client) == ["Arthroscopy", "Biopsy", "Cataract surgery", "Dialysis"]


def test_unpublished_and_private_picks_are_left_out(client, home, procedures):
    procedures["Biopsy"].unpublish()
    PageViewRestriction.objects.create(page=procedures["Dialysis"], restriction_type="login")
    pick(home, procedures["Biopsy"], procedures["Dialysis"], procedures["Cataract surgery"])
    assert popular_titles(client) == ["Cataract surgery"]


def test_the_home_page_has_a_search_box_and_a_find_a_doctor_form(client, home, procedures):
    html = soup(client.get("/"))
    search = html.select_one("form[role=search]")
    assert search["action"] == "/search/"
    assert search.select_one("input[name=q]")
    finder = html.select_one("#find-a-doctor form")
    assert finder["action"] == "/find-a-doctor/"
    options = [o["value"] for o in finder.select("select[name=procedure] option") if o["value"]]
    assert len(options) == 4
    states = [o["value"] for o in finder.select("select[name=state] option") if o["value"]]
    assert {"TX", "CA", "DC", "PR"} <= set(states)


def test_find_a_doctor_goes_to_the_procedures_doctors_in_that_state(client, home, procedures):
    slug = procedures["Biopsy"].slug
    response = client.get("/find-a-doctor/", {"procedure": slug, "state": "TX"})
    assert response.status_code == 302
    assert response["Location"] == f"/procedures/{slug}/doctors/texas/"
    response = client.get("/find-a-doctor/", {"procedure": slug, "state": ""})
    assert response["Location"] == f"/procedures/{slug}/doctors/"


@pytest.mark.parametrize(
    "params", [{}, {"procedure": "nope"}, {"procedure": "a\x00b"}, {"procedure": "x" * 5000}]
)
def test_find_a_doctor_without_a_known_procedure_goes_back_to_the_form(client, home, params):
    response = client.get("/find-a-doctor/", params)
    assert response.status_code == 302
    assert response["Location"] == "/#find-a-doctor"


def test_find_a_doctor_never_leads_to_a_draft(client, home, procedures):
    procedures["Biopsy"].unpublish()
    response = client.get("/find-a-doctor/", {"procedure": procedures["Biopsy"].slug})
    assert response["Location"] == "/#find-a-doctor"


def test_latest_articles_are_shown(client, home, article_index):
    ArticlePageFactory(parent=article_index, title="Fresh article")
    html = soup(client.get("/"))
    section = html.find("section", attrs={"aria-labelledby": "home-articles"})
    assert "Fresh article" in section.get_text()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_home_page_queries_do_not_grow_with_procedures_or_picks(
    client, home, procedure_index, django_assert_max_num_queries
):
    pick(home, ProcedurePageFactory(parent=procedure_index))
    client.get("/")
    baseline = count_queries(client, "/")
    pick(home, *(ProcedurePageFactory(parent=procedure_index) for _ in range(10)))
    with django_assert_max_num_queries(baseline):
        client.get("/")


def test_the_api_lists_the_popular_procedures(client, home, procedures):
    pick(home, procedures["Cataract surgery"])
    response = client.get(f"/api/v2/pages/{home.pk}/")
    assert response.status_code == 200
    popular = response.json()["popular_procedures"]
    assert [item["title"] for item in popular] == ["Cataract surgery"]
    assert popular[0]["url"].endswith(f"/procedures/{procedures['Cataract surgery'].slug}/")
