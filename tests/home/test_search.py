"""The site search page, /search/?q=: what it finds, in what order, and what it never shows."""

import io
import re

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site

from bench.synthetic import write_synthetic_nppes
from home import search as site_search
from home.models import SiteSettings
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory, SpecialtyFactory
from providers.models import Provider

SEARCH_URL = reverse("search")


def get(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response


def titles(response, kind):
    group = response.context["results"].groups.get(kind)
    return [page.title for page in group.items] if group else []


def npis(response):
    group = response.context["results"].groups.get("doctors")
    return [provider.npi for provider in group.items] if group else []


def count(response, kind):
    group = response.context["results"].groups.get(kind)
    return group.count if group else 0


@pytest.fixture
def colonoscopy_pages(procedure_index):
    """A page named exactly "Colonoscopy", and two that say colonoscopy far more often."""
    many = " ".join(["Colonoscopy colonoscopy colonoscopy."] * 10)
    ProcedurePageFactory(
        parent=procedure_index,
        title="Virtual colonoscopy",
        summary=f"Colonoscopy by CT scan. {many}",
    )
    ProcedurePageFactory(
        parent=procedure_index,
        title="Colonoscopy with polypectomy",
        summary=f"A colonoscopy that removes polyps. {many}",
    )
    return ProcedurePageFactory(
        parent=procedure_index, title="Colonoscopy", summary="A look inside the bowel."
    )


def test_a_procedure_named_exactly_as_the_query_comes_first(client, colonoscopy_pages):
    response = get(client, q="colonoscopy")
    found = titles(response, "procedures")
    assert found[0] == "Colonoscopy"
    assert set(found) == {"Colonoscopy", "Virtual colonoscopy", "Colonoscopy with polypectomy"}
    assert count(response, "procedures") == 3


def test_the_exact_title_stays_first_and_is_not_repeated_on_page_two(client, colonoscopy_pages):
    """One per page: the exact match on page 1 only, each page once."""
    site_search.PER_PAGE["procedures"], saved = 1, site_search.PER_PAGE["procedures"]
    try:
        pages = [
            titles(get(client, q="colonoscopy", type="procedures", page=n), "procedures")
            for n in (1, 2, 3)
        ]
    finally:
        site_search.PER_PAGE["procedures"] = saved
    assert pages[0] == ["Colonoscopy"]
    assert sorted(pages[1] + pages[2]) == ["Colonoscopy with polypectomy", "Virtual colonoscopy"]


def test_a_procedure_is_found_by_another_name_it_is_known_by(client, procedure_index):
    ProcedurePageFactory(
        parent=procedure_index,
        title="Vertebroplasty",
        summary="Cement for a broken vertebra.",
        also_known_as="Percutaneous vertebral augmentation\nBone cement injection",
    )
    assert titles(get(client, q="percutaneous augmentation"), "procedures") == ["Vertebroplasty"]


def test_section_text_and_articles_are_searched(client, procedure_index, article_index):
    ProcedurePageFactory(parent=procedure_index, title="Cataract surgery")
    ArticlePageFactory(
        parent=article_index, title="Bowel prep basics", summary="Clear liquids the day before."
    )
    # The factory's sections say "… body of <Section>": words found only there.
    assert "Cataract surgery" in titles(get(client, q="aftercare"), "procedures")
    assert titles(get(client, q="liquids"), "articles") == ["Bowel prep basics"]


def test_drafts_private_pages_and_unpublished_providers_are_never_found(
    client, procedure_index, article_index
):
    ProcedurePageFactory(parent=procedure_index, title="Zygoma repair public")
    draft = ProcedurePageFactory(parent=procedure_index, title="Zygoma repair draft")
    draft.unpublish()
    private = ProcedurePageFactory(parent=procedure_index, title="Zygoma repair private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    hidden_article = ArticlePageFactory(parent=article_index, title="Zygoma article draft")
    hidden_article.unpublish()
    ProviderFactory(first_name="Zara", last_name="Zygoma", live=True, npi="1234567893")
    ProviderFactory(first_name="Zed", last_name="Zygoma", live=False)

    response = get(client, q="zygoma")
    assert titles(response, "procedures") == ["Zygoma repair public"]
    assert titles(response, "articles") == []
    assert npis(response) == ["1234567893"]
    body = response.content.decode()
    for hidden in ("Zygoma repair draft", "Zygoma repair private", "Zygoma article draft", "Zed"):
        assert hidden not in body


@pytest.mark.django_db
def test_providers_are_found_the_moment_an_import_commits_them(client, home, tmp_path):
    """Bulk imports write rows with set-based SQL and no save hooks: the search reads the
    table itself, so there is no index to rebuild before imported doctors are found."""
    path = tmp_path / "npidata.csv"
    write_synthetic_nppes(path, 300, seed=5, bad_fraction=0)
    call_command(
        "import_nppes",
        str(path),
        "--single-thread",
        f"--reject-file={tmp_path / 'rejects.csv'}",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    provider = Provider.objects.filter(live=True).order_by("npi")[100]
    for query in (
        f"{provider.first_name} {provider.last_name}",
        provider.npi,
        f"{provider.last_name} {provider.city}",
    ):
        assert provider.npi in npis(get(client, q=query, type="doctors")), query


def test_doctors_are_found_by_name_city_and_specialty(client, home):
    cardiology = SpecialtyFactory(
        code="207RC0000X",
        classification="Internal Medicine",
        specialization="Cardiovascular Disease",
    )
    heart = ProviderFactory(
        first_name="Hana", last_name="Quill", city="Boise", primary_specialty=cardiology
    )
    other = ProviderFactory(first_name="Omar", last_name="Quill", city="Austin")

    assert set(npis(get(client, q="quill"))) == {heart.npi, other.npi}
    assert npis(get(client, q="quill boise")) == [heart.npi]
    response = get(client, q="cardiovascular disease")
    assert npis(response) == [heart.npi]
    assert response.context["results"].groups["doctors"].specialty_matched


def test_results_are_grouped_by_type_with_counts_and_links_to_each_type(
    client, procedure_index, article_index
):
    ProcedurePageFactory(parent=procedure_index, title="Knee arthroscopy")
    ArticlePageFactory(parent=article_index, title="Knee pain at night", summary="Why knees ache.")
    ProviderFactory(first_name="Kim", last_name="Knee")
    response = get(client, q="knee")
    assert list(response.context["results"].groups) == ["procedures", "articles", "doctors"]
    body = response.content.decode()
    assert re.search(r"1 procedure\b", body)
    assert re.search(r"1 article\b", body)
    assert re.search(r"1 doctor\b", body)
    assert 'value="knee"' in body  # the query echoed in the box


def test_doctors_page_through_their_own_type(client, home):
    for n in range(25):
        ProviderFactory(first_name=f"Pat{n:02d}", last_name="Pager")
    everything = get(client, q="pager")
    assert len(npis(everything)) == site_search.PREVIEW_SIZE["doctors"]
    assert "type=doctors" in everything.content.decode()
    first = get(client, q="pager", type="doctors")
    second = get(client, q="pager", type="doctors", page=2)
    assert count(first, "doctors") == 25
    assert len(npis(first)) == 20
    assert len(npis(second)) == 5
    assert not set(npis(first)) & set(npis(second))
    assert list(second.context["results"].groups) == ["doctors"]


def test_a_very_common_name_is_not_counted_past_the_limit_and_says_so(client, home, monkeypatch):
    monkeypatch.setattr(site_search, "DOCTOR_LIMIT", 10)
    for n in range(15):
        ProviderFactory(first_name=f"Sam{n:02d}", last_name="Common")
    response = get(client, q="common", type="doctors", page=99)
    group = response.context["results"].groups["doctors"]
    assert group.capped
    assert group.count == 10
    assert "More than 10 doctors" in response.content.decode()
    assert group.page_obj.number == 1  # one page of 20 holds the 10 listed


def test_a_doctors_name_is_searched_once_for_its_page_and_its_count(client, home):
    # A first and last name is two prefix matches of the full-text index intersected:
    # the slowest query of a site search at a million providers. The doctors found
    # are read once, up to the limit, and are their own count (`first_found`).
    for n in range(3):
        ProviderFactory(first_name=f"Yusuf{n}", last_name="Fakerly")
    ProviderFactory(first_name="Other", last_name="Fakerly")
    with CaptureQueriesContext(connection) as captured:
        response = get(client, q="yusuf fakerly", type="doctors")
    assert count(response, "doctors") == 3
    assert len(npis(response)) == 3
    # The name search: the full-text match on PostgreSQL, the LIKEs on SQLite.
    searches = [
        q["sql"]
        for q in captured
        if "to_tsquery" in q["sql"] or 'providers_provider"."first_name" LIKE' in q["sql"]
    ]
    assert len(searches) == 1, searches


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "knee\x00replacement"},
        {"q": "knee", "page": "abc"},
        {"q": "knee", "page": "99999"},
        {"q": "knee", "type": "doctors", "page": "-1"},
        {"q": "knee", "type": "nonsense"},
        {"q": "!!! ???"},
        {"q": "a:* & | !b ( ) '"},
    ],
)
def test_bad_input_answers_a_page_not_an_error(client, procedure_index, params):
    ProcedurePageFactory(parent=procedure_index, title="Knee replacement")
    response = get(client, **params)
    assert len(response.context["query"]) <= site_search.MAX_QUERY_LENGTH
    assert "\x00" not in response.context["query"]


def test_an_empty_query_shows_the_box_and_popular_procedures(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, title="Cataract surgery")
    response = get(client)
    body = response.content.decode()
    assert 'name="q"' in body
    assert "Popular procedures" in body
    assert "Cataract surgery" in body
    assert "Nothing was found" not in body


def test_no_results_point_to_the_a_to_z_index_and_popular_procedures(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, title="Cataract surgery")
    body = get(client, q="qwxzv").content.decode()
    assert "Nothing was found for “qwxzv”" in body
    assert 'href="/procedures/"' in body
    assert "Cataract surgery" in body


def test_search_pages_are_kept_out_of_search_engines(client, home):
    body = get(client, q="anything").content.decode()
    assert body.count('<meta name="robots" content="noindex">') == 1


def test_the_search_page_title_names_the_query_and_the_site_once(client, home):
    body = get(client, q="knee").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
    site_name = SiteSettings.for_site(Site.objects.get(is_default_site=True)).site_name
    assert title == f"Search results for “knee” | {site_name}"


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, procedure_index, article_index
):
    def queries_for(term):
        with CaptureQueriesContext(connection) as captured:
            get(client, q=term)
        return len(captured)

    ProcedurePageFactory(parent=procedure_index, title="Lone term")
    ArticlePageFactory(parent=article_index, title="Lone term article")
    ProviderFactory(first_name="Lone", last_name="Term")
    few = queries_for("lone")
    for n in range(12):
        ProcedurePageFactory(parent=procedure_index, title=f"Many term {n}")
        ArticlePageFactory(parent=article_index, title=f"Many term article {n}")
        ProviderFactory(first_name=f"Many{n}", last_name="Term")
    assert queries_for("term") <= few


def test_a_results_page_runs_a_bounded_number_of_queries(
    client, procedure_index, article_index, django_assert_max_num_queries
):
    for n in range(8):
        ProcedurePageFactory(parent=procedure_index, title=f"Bounded {n}")
        ArticlePageFactory(parent=article_index, title=f"Bounded article {n}")
        ProviderFactory(first_name=f"Bo{n}", last_name="Bounded")
    with django_assert_max_num_queries(18):
        get(client, q="bounded")


def test_the_query_is_cleaned_of_control_characters_and_capped():
    assert site_search.clean_query("  knee\x00\x1f  pain \n") == "knee pain"
    assert len(site_search.clean_query("y" * 5000)) == site_search.MAX_QUERY_LENGTH
    assert site_search.clean_query(None) == ""
