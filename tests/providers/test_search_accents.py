"""Provider search does not mind accents: "nunez" finds "Núñez" and "núñez" finds
"NUNEZ" (NPPES writes names in capitals, mostly without accents; editors and readers
type them either way), from the same full-text indexes as any name search."""

import pytest

from django.db import connection

from providers.factories import ProviderFactory
from providers.models import Provider
from providers.search import (
    SEARCH_INDEX,
    SEARCH_ORDER,
    OrderedSearch,
    search_count_parts,
    search_in_order,
    search_providers,
    without_accents,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="accents are folded by PostgreSQL's unaccent"
)


@pytest.fixture
def nunez(db):
    """The same surname as NPPES prints it and as an editor would write it, with other
    names around it."""
    return {
        "nppes": ProviderFactory(first_name="JOSE", last_name="NUNEZ", city="MIAMI"),
        "editor": ProviderFactory(first_name="José", last_name="Núñez", city="San Antonio"),
        "two words": ProviderFactory(first_name="María", last_name="Núñez García", city="Austin"),
        "city": ProviderFactory(first_name="Ana", last_name="Lopez", city="Peñasco"),
        "other": ProviderFactory(first_name="Jon", last_name="Nunn", city="Boise"),
    }


def found(query):
    return {p.pk for p in search_providers(Provider.objects.all(), query)}


def pks(providers, *names):
    return {providers[name].pk for name in names}


@pytest.mark.parametrize("query", ["nunez", "núñez", "NÚÑEZ", "Nuñez", "nuñe"])
def test_a_surname_is_found_with_or_without_its_accents(nunez, query):
    assert found(query) == pks(nunez, "nppes", "editor", "two words")


def test_first_names_cities_and_several_words_fold_too(nunez):
    assert found("jose nunez") == pks(nunez, "nppes", "editor")
    assert found("JOSÉ NÚÑEZ") == pks(nunez, "nppes", "editor")
    assert found("maria garcia") == pks(nunez, "two words")
    assert found("penasco") == pks(nunez, "city")


@pytest.mark.parametrize("query", ["nunez", "núñez"])
def test_a_bare_surname_with_accents_is_paged_and_counted_in_order(nunez, query):
    """The ordered path (`OrderedSearch`: a range of the order index plus the other
    words) lists what sorting every match lists, accents on or off."""
    providers = Provider.objects.live()
    ordered = search_in_order(providers, query)
    assert isinstance(ordered, OrderedSearch)
    expected = list(
        search_providers(providers, "nunez").order_by(*SEARCH_ORDER).values_list("pk", flat=True)
    )
    assert [p.pk for p in ordered[0:10]] == expected
    assert set(expected) == pks(nunez, "nppes", "editor", "two words")
    assert sum(part.count() for part in search_count_parts(providers, query)) == 3


def test_accents_come_off_letters_only():
    assert without_accents("núñez") == "nunez"
    assert without_accents("łukasz") == "łukasz"  # no accent to take off
    assert without_accents("smith") == "smith"


def test_an_accented_search_is_served_by_the_full_text_index(nunez):
    # Unordered: the question is whether the full-text index matches the query's
    # expression, not which index gives a few rows in name order.
    providers = Provider.objects.order_by()
    sql, params = search_providers(providers, "núñez josé").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table is cheaper to scan; forbid that to see whether the index matches
        # the query's expression (at a million rows the planner picks it, make bench).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert SEARCH_INDEX in plan, plan
