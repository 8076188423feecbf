"""A procedure's list searched by one word is counted in two parts that never overlap
(`providers.search.link_search_count_parts`), exactly as the plain filter counts it.

The providers' names collide with the searched words in every way the split cares
about: a last name of one word, or of several, or hyphenated, with an apostrophe,
digits or accents; the word in a first or middle name or a city; names whose
letters run on past a space ("Smit Hanna" reads "smithanna" to a collation that
ignores spaces); names in another script; unpublished providers and providers not
linked to the procedure.
"""

import random

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers import directory_query as directory
from providers.factories import ProviderFactory
from providers.search import after_prefix, link_search_count_parts, search_providers

from .test_api import LIST, get, linked, npis
from .test_search_order import CITIES, FIRST_NAMES, LAST_NAMES

QUERIES = ["smith", "SMITH", "smi", "smit", "garcia", "ana", "austin", "zed", "z", "jones"]
QUERIES += ["Dr. Smith, MD", "smith 1", "smíth", "nobody"]
MORE_LAST_NAMES = ["Smith Jones", "Smit", "SMITHS", "Smith2x"]
MORE_FIRST_NAMES = ["Hanna", "Жанна", "Smithy"]


@pytest.fixture
def listed(vertebroplasty, kyphoplasty):
    """~250 providers linked to Vertebroplasty (one in ten unpublished), and some
    linked only to Kyphoplasty or to nothing."""
    rng = random.Random(11)  # noqa: S311 - repeatable test data, not secrets
    for index in range(300):
        fields = {
            "last_name": rng.choice(LAST_NAMES + MORE_LAST_NAMES),
            "first_name": rng.choice(FIRST_NAMES + MORE_FIRST_NAMES),
            "middle_name": rng.choice(["", "", "Smith", "Lee"]),
            "city": rng.choice(CITIES),
            "live": rng.random() > 0.1,
        }
        if index % 6 == 0:
            linked(kyphoplasty, **fields)
        elif index % 6 == 1:
            ProviderFactory(**fields)
        else:
            linked(vertebroplasty, **fields)
    return vertebroplasty


def plain_count(procedure, query):
    return search_providers(directory.ranked_links(procedure), query, prefix="provider__").count()


@pytest.mark.django_db
def test_a_searched_procedure_list_is_counted_as_the_plain_filter(client, listed):
    for query in QUERIES:
        expected = plain_count(listed, query)
        data = get(client, f"{LIST}?procedure=vertebroplasty&search={query}&limit=100")
        assert data["meta"]["total_count"] == expected, query
        assert len(npis(data)) == min(expected, 100), query
    # The fixture does collide: a surname, a first name and a city match many.
    assert min(plain_count(listed, query) for query in ("smith", "ana", "austin")) > 20


@pytest.mark.django_db
def test_the_two_parts_never_share_a_link_and_miss_none(listed):
    if connection.vendor != "postgresql":
        pytest.skip("the parts are PostgreSQL's (SQLite counts the plain filter)")
    links = directory.ranked_links(listed)
    for query in ("smith", "smit", "ana", "z"):
        first, other = link_search_count_parts(links, query)
        first, other = (
            set(first.values_list("pk", flat=True)),
            set(other.values_list("pk", flat=True)),
        )
        assert not first & other, query
        matches = search_providers(links, query, prefix="provider__").values_list("pk", flat=True)
        assert first | other == set(matches), query


@pytest.mark.django_db
def test_the_surname_part_is_counted_from_the_links_alone(client, listed):
    if connection.vendor != "postgresql":
        pytest.skip("the parts are PostgreSQL's")
    with CaptureQueriesContext(connection) as captured:
        get(client, f"{LIST}?procedure=vertebroplasty&search=smith")
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert len(counts) == 2
    # The surname part reads the links alone; the other part is the full-text match.
    assert '"providers_provider"' not in counts[0]
    assert "to_tsvector" not in counts[0]
    assert "to_tsvector" in counts[1]


@pytest.mark.django_db
def test_another_collation_counts_the_plain_filter(client, listed, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the parts are PostgreSQL's")
    monkeypatch.setattr(connection, "_database_collation", "cs_CZ.UTF-8", raising=False)
    assert link_search_count_parts(directory.ranked_links(listed), "smith") is None
    data = get(client, f"{LIST}?procedure=vertebroplasty&search=smith&limit=1")
    assert data["meta"]["total_count"] == plain_count(listed, "smith")


def test_the_range_ends_after_every_word_starting_with_the_word():
    assert after_prefix("smith") == "smiti"
    assert after_prefix("lutz") == "luu"
    assert after_prefix("zz") is None
