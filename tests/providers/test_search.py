"""Editors find any provider by name, NPI or city straight after an import.

The admin list, the chooser (featured doctors on a procedure page) and the API all
search the provider table through one expression, indexed on PostgreSQL.
"""

import io

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from bench.synthetic import write_synthetic_nppes
from procedures.models import ProcedurePage
from providers.factories import ProviderFactory
from providers.models import Provider
from providers.search import (
    SEARCH_INDEX,
    WordsQuery,
    name_words,
    search_providers,
    search_words,
)

LIST_URL = reverse("wagtailsnippets_providers_provider:list")
CHOOSE_URL = reverse("wagtailsnippetchoosers_providers_provider:choose")
RESULTS_URL = reverse("wagtailsnippetchoosers_providers_provider:choose_results")


@pytest.fixture
def imported(db, tmp_path):
    """3,000 rows of an NPPES file imported the way an editor's colleague would."""
    path = tmp_path / "npidata.csv"
    write_synthetic_nppes(path, 3000, seed=11, bad_fraction=0)
    call_command("load_nucc_taxonomy", stdout=io.StringIO())
    call_command(
        "import_nppes",
        str(path),
        "--single-thread",  # one connection: the test's transaction sees every batch
        f"--reject-file={tmp_path / 'rejects.csv'}",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    providers = Provider.objects.order_by("npi")
    assert providers.count() > 2500
    return providers


def chooser_results(admin_client, query):
    """(NPIs on the chooser's first page, how many match in all)."""
    response = admin_client.get(RESULTS_URL, {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return {provider.npi for provider in results}, results.paginator.count


def list_results(admin_client, query):
    """(NPIs on the admin list's first page, how many match in all)."""
    response = admin_client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    page = response.context["page_obj"]
    return {provider.npi for provider in page}, page.paginator.count


def queries_for(provider):
    return [
        provider.npi,  # pasted from NPPES
        provider.npi[:8],  # typed so far: ten NPIs start so
        provider.display_name,  # pasted from the site: "YUSUF A SAMPLEGROVE III, M.D"
        f"{provider.last_name.lower()}, {provider.first_name} {provider.city[:4]}",
        f"{provider.last_name} {provider.npi[:9]}",
    ]


@pytest.mark.django_db
def test_the_chooser_finds_an_imported_provider_by_npi_name_and_city(admin_client, imported):
    provider = imported[1234]
    for query in queries_for(provider):
        found, total = chooser_results(admin_client, query)
        assert provider.npi in found, query
        assert total < 25, query  # narrow enough to choose from one page
        # Every word must match: nobody with another surname comes along.
        if " " in query:
            assert {p.last_name for p in Provider.objects.filter(npi__in=found)} == {
                provider.last_name
            }


@pytest.mark.django_db
def test_the_admin_list_finds_the_same_providers_as_the_chooser(admin_client, imported):
    provider = imported[2345]
    for query in queries_for(provider):
        assert list_results(admin_client, query) == chooser_results(admin_client, query), query
    assert list_results(admin_client, "zzzzzz") == (set(), 0)


@pytest.mark.django_db
def test_choosing_an_imported_provider_features_them_on_a_procedure(
    admin_client, client, imported, procedure_index
):
    provider = imported[42]
    modal = admin_client.get(CHOOSE_URL, {"q": provider.npi})
    assert modal.status_code == 200
    html = modal.json()["html"]
    assert provider.display_name in html and provider.npi in html  # NPI tells namesakes apart
    chosen = admin_client.get(
        reverse("wagtailsnippetchoosers_providers_provider:chosen", args=[provider.pk])
    ).json()
    assert chosen["result"]["id"] == str(provider.pk)

    data = nested_form_data(
        {
            "title": "Vertebroplasty",
            "slug": "vertebroplasty",
            "summary": "Bone cement for a fractured vertebra.",
            "sections": streamfield(
                [("overview", {"heading": "Overview", "body": rich_text("<p>x</p>")})]
            ),
            "featured_article_links": inline_formset([]),
            "page_authors": inline_formset([]),
            "references": streamfield([]),
            "procedure_codes": "",
            "specialty_links": inline_formset([]),
            "billing_codes": inline_formset([]),
            "featured_provider_links": inline_formset(
                [{"provider": chosen["result"]["id"], "reason": "Editor’s pick."}]
            ),
        }
    )
    url = f"/admin/pages/add/procedures/procedurepage/{procedure_index.pk}/"
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    page = ProcedurePage.objects.get(slug="vertebroplasty")
    assert [link.provider_id for link in page.featured_provider_links.all()] == [provider.pk]
    # Shown to visitors in proper case (providers/names.py).
    assert provider.name_for_visitors in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_every_word_must_start_a_word_of_the_name_city_or_npi(db):
    austin = ProviderFactory(first_name="Ana", last_name="Garcia-Lopez", city="Austin")
    dallas = ProviderFactory(first_name="Ana", last_name="Smith", city="Dallas")

    def found(query):
        return set(search_providers(Provider.objects.all(), query).values_list("pk", flat=True))

    assert found("ana") == {austin.pk, dallas.pk}
    assert found("ana aus") == {austin.pk}
    assert found("lopez") == {austin.pk}  # a word inside a hyphenated name
    assert found("GARC") == {austin.pk}
    assert found("mith") == set()  # words match from their start
    assert found("!!! ...") == set()  # nothing to search for finds nothing
    assert found("Dr. Ana Garcia-Lopez, MD") == {austin.pk}  # as the site shows the name
    assert found(f"ana {dallas.npi}") == {dallas.pk}
    assert found(dallas.npi + "0") == set()  # longer than an NPI
    assert found("dr") == set()  # titles are not searched on their own


def test_titles_credentials_and_initials_are_left_out_when_other_words_remain():
    assert name_words(["dr", "jane", "a", "smith", "jr", "m", "d"]) == ["jane", "smith"]
    assert name_words(["dr", "1234"]) == []  # the NPI is enough
    assert name_words(["do"]) == ["do"]  # a surname too: kept when it is all there is
    assert name_words(["dr", "do"]) == ["dr", "do"]


def test_search_words_are_letters_and_digits_lower_cased_and_bounded():
    assert search_words("Dr. O'Brien, 1234\x00 ") == ["dr", "o", "brien", "1234"]
    assert search_words(" ".join(f"w{i}" for i in range(100))) == [f"w{i}" for i in range(8)]
    assert search_words("x" * 500) == ["x" * 60]
    assert search_words(None) == []


@pytest.mark.django_db
def test_the_search_is_served_by_the_full_text_index_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only (SQLite demos scan)")
    ProviderFactory.create_batch(5)

    def plan(query):
        sql, params = search_providers(Provider.objects.all(), query).query.sql_with_params()
        with connection.cursor() as cursor:
            # A tiny table is cheaper to scan; forbid that to see whether an index
            # matches the query's expression at all (at a million rows the planner
            # picks it itself, see make bench).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert SEARCH_INDEX in plan("smith jane"), plan("smith jane")
    assert "unique_provider_npi" in plan("123456"), plan("123456")


@pytest.mark.django_db
def test_the_chooser_opens_with_a_prompt_not_a_list_of_everyone(admin_client):
    ProviderFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        modal = admin_client.get(CHOOSE_URL)
    assert modal.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "providers_provider" in q["sql"]]
    html = modal.json()["html"]
    assert "Type a name, an NPI (or its first digits) or a city" in html
    assert "Last0" not in html


@pytest.mark.django_db
def test_search_words_are_written_into_the_sql_not_passed_as_parameters():
    """With prepared statements a parameter would give PostgreSQL one generic plan for
    every search (providers.search.WordsQuery): 449 ms against 68 ms at a million."""
    ProviderFactory(first_name="Nora", last_name="Mockington")
    with CaptureQueriesContext(connection) as captured:
        found = list(search_providers(Provider.objects.all(), "Dr. Nora MOCKINGTON, MD"))
    assert [p.last_name for p in found] == ["Mockington"]
    (query,) = captured.captured_queries
    assert "to_tsquery('simple_unaccent'::regconfig, 'nora:* & mockington:*')" in query["sql"]
    # Only letters and digits can be written in: anything else is refused.
    for bad in (["o'brien"], ["100%"], ["a b"], []):
        with pytest.raises(ValueError):
            WordsQuery(bad)
