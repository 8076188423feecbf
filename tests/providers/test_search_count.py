"""A list searched by one word is counted in two parts that never overlap, exactly as the
plain filter counts it: a procedure's (`providers.search.link_search_count_parts`) and a
list of providers without one (`providers.search.search_count_parts`, the API list and
the admin's provider list).

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
from providers.listing import InOrder
from providers.models import Provider, ProviderProcedure
from providers.search import (
    Constant,
    after_prefix,
    link_search_count_parts,
    search_count_parts,
    search_providers,
)

from .test_api import LIST, get, linked, npis, paged_npis
from .test_search_order import CITIES, FIRST_NAMES, LAST_NAMES, colliding  # noqa: F401

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


# A list of providers without a procedure (the API list, the admin's provider list).


@pytest.mark.django_db
def test_a_searched_provider_list_is_counted_as_the_plain_filter(client, colliding):  # noqa: F811
    for query in QUERIES:
        expected = search_providers(colliding, query).count()
        data = get(client, f"{LIST}?search={query}&limit=100")
        assert data["meta"]["total_count"] == expected, query
        assert data["meta"]["total_count_capped"] is False, query
        # Up to a cap: exact below it, the cap and "more" above it.
        total = directory.DirectoryQuery({"search": query}).total(directory.CappedCount(30))
        assert total == directory.Total(min(expected, 30), capped=expected > 30), query
    assert search_providers(colliding, "smith").count() > 30  # the cap is reached


@pytest.mark.django_db
def test_a_surname_search_of_providers_splits_into_two_parts_that_miss_none(colliding):  # noqa: F811
    if connection.vendor != "postgresql":
        assert search_count_parts(Provider.objects.all(), "smith") is None
        pytest.skip("the parts are PostgreSQL's (SQLite counts the plain filter)")
    providers = Provider.objects.all()  # published or not, as the admin lists them
    for query in ("smith", "smit", "ana", "z", "Dr. Smith, MD", "smith 1", "smíth", "SMÍTH"):
        first, other = search_count_parts(providers, query)
        assert isinstance(first, InOrder)
        first = set(first.rows.values_list("pk", flat=True))
        other = set(other.values_list("pk", flat=True))
        assert not first & other, query
        assert first | other == set(search_providers(providers, query).values_list("pk", flat=True))
    # Not one ASCII word once accents are off ("ł" has none): the plain filter.
    assert search_count_parts(providers, "ana smith") is None
    assert search_count_parts(providers, "łukasz") is None


@pytest.mark.django_db
def test_the_surname_part_is_counted_in_its_index_order_from_the_index(client, colliding):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the parts are PostgreSQL's")
    sent = []

    def record(execute, sql, params, many, context):
        if sql.startswith("SELECT COUNT("):
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        get(client, f"{LIST}?search=smith")
    assert len(sent) == 2
    (surname, params), (other, _) = sent
    # The range is read in the order index's order up to the cap, its bounds written
    # into the statement rather than sent as parameters (so that a prepared
    # statement's plan knows them).
    assert "ORDER BY" in surname
    assert "'SMITH'" in surname
    assert "SMITH" not in [str(param) for param in params or ()]
    assert "to_tsvector" in other
    with connection.cursor() as cursor:
        # On a few hundred rows a scan is cheaper; forbid it and a sort to see which
        # index serves the range in order (at a million rows PostgreSQL picks it).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + surname, params)  # the ORM's own SQL
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_sort = on")
    assert "provider_search_order" in plan, plan


def test_only_letters_and_the_one_word_pattern_are_written_into_sql():
    assert Constant("SMITH").value == "SMITH"
    for text in ["O'SMITH", "SMITH; DROP", "SMÍTH", "1234"]:
        with pytest.raises(ValueError, match="not a constant"):
            Constant(text)


# A list searched by several words (or a word of another script) is read whole, up to
# the cap, once: its ids in order are its count and its pages (`DirectoryQuery.
# reads_whole`).

SEVERAL_WORDS = ["ana smith", "smith austin", "ana lee smith", "sm an", "smíth jones", "жанна"]


def name_searches(captured):
    return [q["sql"] for q in captured if "to_tsquery" in q["sql"] or " LIKE " in q["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize("with_procedure", [False, True])
def test_a_search_of_several_words_is_run_once_for_its_count_and_its_page(
    client, listed, with_procedure
):
    procedure = f"&procedure={listed.slug}" if with_procedure else ""
    for query in SEVERAL_WORDS:
        if with_procedure:
            expected = [link.provider.npi for link in directory.ranked_links(listed)]
            matching = set(
                search_providers(Provider.objects.live(), query).values_list("npi", flat=True)
            )
            expected = [npi for npi in expected if npi in matching]
        else:
            expected = list(
                search_providers(Provider.objects.live(), query)
                .order_by(*directory.SEARCH_ORDER)
                .values_list("npi", flat=True)
            )
        with CaptureQueriesContext(connection) as captured:
            first = get(client, f"{LIST}?search={query}{procedure}&limit=3")
        assert first["meta"]["total_count"] == len(expected), query
        assert npis(first) == expected[:3], query
        assert len(name_searches(captured)) == 1, query
        rest = get(client, f"{LIST}?search={query}{procedure}&offset=3&limit=100")
        assert npis(rest) == expected[3:], query
    assert any(len(search_providers(Provider.objects.live(), q).all()) > 3 for q in SEVERAL_WORDS)


@pytest.mark.django_db
def test_a_search_of_several_words_read_whole_stops_at_the_cap(listed):
    query = "ana smith"
    expected = list(
        search_providers(Provider.objects.live(), query)
        .order_by(*directory.SEARCH_ORDER)
        .values_list("pk", flat=True)
    )
    assert len(expected) > 4
    listing = directory.DirectoryQuery({"search": query})
    assert listing.reads_whole()
    # A caller that does not take its page from `page()` (a state page) counts as before.
    assert listing.total(directory.CappedCount(3)) == directory.Total(3, capped=True)
    assert not listing.read_covers(1)
    assert listing.total(directory.CappedCount(3), for_page=True) == directory.Total(3, True)
    assert listing.read_covers(3)
    assert [p.pk for p in listing.page(0, 2)] == expected[:2]
    # Beyond what was read (the cap), the page is read from the list itself.
    assert [p.pk for p in listing.page(3, 5)] == expected[3:5]
    # One bare word is counted by parts instead; digits alone are a range of the NPI.
    assert not directory.DirectoryQuery({"search": "smith"}).reads_whole()
    assert not directory.DirectoryQuery({"search": "1234 5678"}).reads_whole()


@pytest.mark.parametrize("order", ["default", "name", "-years_in_practice"])
@pytest.mark.django_db
def test_a_procedure_list_searched_by_one_word_pages_as_the_plain_filter(client, listed, order):
    """A procedure's list searched by one word is paged from the search's two parts,
    each read whole (not by walking the ranking, which past the links with volumes is
    in name order, to the word's letter). Every page holds what the plain filter
    lists there, in the same order, in each order the API offers."""
    rng = random.Random(5)  # noqa: S311 - repeatable test data, not secrets
    for link in ProviderProcedure.objects.filter(procedure=listed).order_by("pk")[::3]:
        link.annual_volume = rng.choice([5, 40, 40, 300])
        link.years_in_practice = rng.choice([0, 3, 12])
        link.save(update_fields=["annual_volume", "years_in_practice"])
    for query in ("smith", "smi", "ana", "austin", "z", "nobody"):
        plain = search_providers(directory.ranked_links(listed), query, prefix="provider__")
        plain = plain.order_by(*directory.LINK_ORDERS[order])
        expected = list(plain.values_list("provider__npi", flat=True))
        url = f"{LIST}?procedure=vertebroplasty&search={query}&order={order}"
        assert paged_npis(client, url, 7, len(expected)) == expected, query
    if connection.vendor != "postgresql":
        return  # SQLite pages the parts' keys in Python (`OrderedUnion.merged_keys`)
    with CaptureQueriesContext(connection) as captured:
        get(client, f"{LIST}?procedure=vertebroplasty&search=smith&order={order}&limit=5")
    (union,) = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    # Both parts whole, without an ORDER BY or LIMIT of their own: only the page's.
    assert union.count("LIMIT") == 1
    assert union.count("ORDER BY") == 1


@pytest.mark.django_db
def test_a_state_page_searched_by_several_words_runs_the_search_once(client, listed, monkeypatch):
    """A state page searched by several words takes its count and its page from one
    read of the matches' ids in ranked order; its links are then loaded by key."""
    from providers import views
    from providers.paths import doctors_url

    monkeypatch.setattr(views, "PER_PAGE", 3)
    url = doctors_url(listed, "TX")
    for query in SEVERAL_WORDS:
        matching = set(
            search_providers(Provider.objects.live(), query).values_list("npi", flat=True)
        )
        ranked = [link.provider.npi for link in directory.ranked_links(listed, "TX")]
        expected = [npi for npi in ranked if npi in matching]
        for number in (1, 2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {"search": query, "page": number})
            assert response.status_code == 200, query
            shown = [link.provider.npi for link in response.context["links"]]
            assert shown == expected[(number - 1) * 3 : number * 3], query
            assert response.context["total"].count == len(expected), query
            searches = name_searches(captured.captured_queries)
            # (The page tree's own LIKE on paths is not a name search.)
            assert len([sql for sql in searches if "providers_provider" in sql]) == 1, query
    assert any(len(search_providers(Provider.objects.live(), q).all()) > 3 for q in SEVERAL_WORDS)
