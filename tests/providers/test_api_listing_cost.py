"""What keeps every /api/v2/providers/ listing fast at a million providers.

- `meta.total_count` is counted only up to the deepest item a client can page to, and
  `meta.total_count_capped` says when there are more;
- every order the API offers has an index, and every statement a listing runs can be
  answered without a sequential scan of the provider or link table (checked here with
  sequential scans priced out: on a test database's few rows PostgreSQL would rightly
  prefer them; `make bench` checks the plans it really chooses at a million, step f4);
- orders are unchanged (years in practice: most first, unknown last, then by name).
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.choices import LinkBasis
from providers.directory_query import WHOLE_OTHERS_MAX
from providers.factories import ProviderFactory
from providers.models import Language

from .test_api import LIST, count_queries, get, linked, npis


@pytest.fixture
def small_cap(settings):
    """A cap of 3 items: offsets up to 1, pages of up to 2."""
    settings.API_OFFSET_MAX = 1
    settings.WAGTAILAPI_LIMIT_MAX = 2


@pytest.mark.django_db
def test_total_count_is_exact_up_to_the_deepest_item_a_client_can_reach(client, small_cap):
    for _ in range(3):
        ProviderFactory()
    meta = get(client, f"{LIST}?limit=2")["meta"]
    assert (meta["total_count"], meta["total_count_capped"]) == (3, False)


@pytest.mark.django_db
def test_total_count_past_the_cap_is_the_cap_and_says_so(client, small_cap):
    for _ in range(5):
        ProviderFactory(state="TX")
    ProviderFactory(state="OH")
    meta = get(client, f"{LIST}?limit=2")["meta"]
    assert (meta["total_count"], meta["total_count_capped"]) == (3, True)
    meta = get(client, f"{LIST}?state=OH")["meta"]
    assert (meta["total_count"], meta["total_count_capped"]) == (1, False)
    # The last reachable page still lists what is there.
    assert len(get(client, f"{LIST}?limit=2&offset=1")["items"]) == 2


@pytest.mark.django_db
def test_a_procedure_total_from_the_summary_is_exact_whatever_the_cap(
    client, small_cap, vertebroplasty
):
    for _ in range(5):
        linked(vertebroplasty, accepting_new_patients=True)
    meta = get(client, f"{LIST}?procedure=vertebroplasty&limit=2")["meta"]
    assert (meta["total_count"], meta["total_count_capped"]) == (5, False)
    narrowed = get(client, f"{LIST}?procedure=vertebroplasty&accepting_new_patients=true")
    assert (narrowed["meta"]["total_count"], narrowed["meta"]["total_count_capped"]) == (3, True)


@pytest.mark.parametrize("procedure", ["", "procedure=vertebroplasty&"])
@pytest.mark.django_db
def test_specialty_total_counts_each_match_once(
    client, vertebroplasty, radiology, spine_surgery, procedure
):
    both = linked(vertebroplasty, primary_specialty=radiology, specialties=[radiology])
    other = linked(vertebroplasty, primary_specialty=spine_surgery, specialties=[radiology])
    primary = linked(vertebroplasty, primary_specialty=radiology, last_name="Aaron")
    linked(vertebroplasty, primary_specialty=spine_surgery)
    data = get(client, f"{LIST}?{procedure}specialty=2085R0204X&order=name")
    assert data["meta"]["total_count"] == 3
    assert sorted(npis(data)) == sorted([both.npi, other.npi, primary.npi])


@pytest.mark.parametrize("procedure", ["", "procedure=vertebroplasty&"])
@pytest.mark.django_db
def test_specialty_total_counts_each_half_only_up_to_the_cap(
    client, small_cap, vertebroplasty, radiology, spine_surgery, procedure
):
    """The halves are counted in turn, each up to what is left below the cap: a half
    the one before it already took past the cap is not counted at all."""
    url = f"{LIST}?{procedure}specialty=2085R0204X"

    def total():
        with CaptureQueriesContext(connection) as captured:
            meta = get(client, url)["meta"]
        # Not the probe that decides how a list without `procedure` reads its "others"
        # half (`WHOLE_OTHERS_MAX`): that is how to read the page, not the total.
        probe = f"LIMIT {WHOLE_OTHERS_MAX + 1}"
        counts = [
            q["sql"]
            for q in captured.captured_queries
            if "COUNT(" in q["sql"] and probe not in q["sql"]
        ]
        return meta["total_count"], meta["total_count_capped"], len(counts)

    linked(vertebroplasty, primary_specialty=radiology)
    linked(vertebroplasty, primary_specialty=spine_surgery, specialties=[radiology])
    assert total() == (2, False, 2)
    linked(vertebroplasty, primary_specialty=spine_surgery, specialties=[radiology])
    linked(vertebroplasty, primary_specialty=spine_surgery, specialties=[radiology])
    assert total() == (3, True, 2)  # 1 + the 2 of 3 "others" that reach past the cap
    for _ in range(3):
        linked(vertebroplasty, primary_specialty=radiology)
    assert total() == (3, True, 1)  # 4 primary: the others are not counted


@pytest.mark.django_db
def test_unpublished_providers_are_not_counted(client):
    ProviderFactory()
    ProviderFactory(live=False)
    assert get(client, LIST)["meta"]["total_count"] == 1


@pytest.mark.django_db
def test_years_order_lists_most_years_first_unknown_last_then_by_name(client, vertebroplasty):
    ten = ProviderFactory(years_in_practice=10, last_name="Young")
    five_a = ProviderFactory(years_in_practice=5, last_name="Adams")
    five_b = ProviderFactory(years_in_practice=5, last_name="Baker")
    unknown = ProviderFactory(years_in_practice=None, last_name="Aaron")
    zero = ProviderFactory(years_in_practice=0, last_name="Zed")
    ProviderFactory(years_in_practice=30, state="OH")
    expected = [ten.npi, five_a.npi, five_b.npi, zero.npi, unknown.npi]
    assert npis(get(client, f"{LIST}?state=TX&order=-years_in_practice")) == expected
    everywhere = npis(get(client, f"{LIST}?order=-years_in_practice"))
    assert everywhere[1:] == expected


@pytest.mark.django_db
def test_procedure_orders_without_state_span_every_state(client, vertebroplasty):
    texas = linked(vertebroplasty, LinkBasis.SPECIALTY, last_name="Aaron", years_in_practice=3)
    ohio = linked(
        vertebroplasty, LinkBasis.VERIFIED, last_name="Baker", state="OH", years_in_practice=1
    )
    utah = linked(vertebroplasty, LinkBasis.VOLUME, volume=9, last_name="Carter", state="UT")
    base = f"{LIST}?procedure=vertebroplasty"
    assert npis(get(client, base)) == [ohio.npi, utah.npi, texas.npi]
    assert npis(get(client, f"{base}&order=name")) == [texas.npi, ohio.npi, utah.npi]
    by_years = npis(get(client, f"{base}&order=-years_in_practice"))
    assert by_years == [texas.npi, ohio.npi, utah.npi]


LISTINGS = [
    "",
    "state=CA",
    "specialty=2085R0204X",
    "accepting_new_patients=true",
    "telehealth=false",
    "language=es",
    "search=smith",
    "search=jane+smith",
    "order=name",
    "order=-years_in_practice",
    "state=CA&order=-years_in_practice",
    "limit=100&offset=50",
]
PROCEDURE_LISTINGS = [f"procedure=vertebroplasty&{query}" for query in LISTINGS] + [
    "procedure=vertebroplasty&state=CA&order=name",
    "procedure=vertebroplasty&state=CA&order=-years_in_practice",
]


def seq_scans_without_alternative(sql):
    """Provider tables a statement still reads sequentially when sequential scans are
    priced out: those it has no index for."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)  # the ORM's own SQL, captured below
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return [
        line
        for line in plan.splitlines()
        if "Seq Scan on providers_provider " in line + " "
        or "Seq Scan on providers_providerprocedure " in line + " "
    ]


@pytest.mark.parametrize("query", LISTINGS + PROCEDURE_LISTINGS)
@pytest.mark.django_db
def test_every_listing_can_be_answered_from_indexes(client, vertebroplasty, radiology, query):
    spanish = Language.objects.get(code="es")
    for _ in range(3):
        linked(
            vertebroplasty,
            primary_specialty=radiology,
            specialties=[radiology],
            languages=[spanish],
        )
    with CaptureQueriesContext(connection) as captured:
        get(client, f"{LIST}?{query}")
    scanned = {
        query["sql"]: lines
        for query in captured.captured_queries
        if "providers_provider" in query["sql"]
        and (lines := seq_scans_without_alternative(query["sql"]))
    }
    assert scanned == {}


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST}?order=-years_in_practice&limit=100",
        f"{LIST}?state=TX&specialty=2085R0204X&limit=100",
        f"{LIST}?search=smith&limit=100",
        f"{LIST}?procedure=vertebroplasty&order=name&limit=100",
        f"{LIST}?procedure=vertebroplasty&order=-years_in_practice&language=es&limit=100",
    ],
)
@pytest.mark.django_db
def test_new_listing_paths_run_the_same_queries_for_10_and_60_providers(
    client, vertebroplasty, radiology, django_assert_max_num_queries, url
):
    spanish = Language.objects.get(code="es")

    def add(n):
        for i in range(n):
            linked(
                vertebroplasty,
                primary_specialty=radiology,
                languages=[spanish],
                last_name="Smith",
                years_in_practice=i % 7 or None,
            )

    add(10)
    baseline = count_queries(client, url)
    add(50)
    with django_assert_max_num_queries(baseline):
        assert len(get(client, url)["items"]) == 60
