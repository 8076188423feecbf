"""A procedure's providers narrowed to a specialty, a page at a time (providers.listing).

Links copy their provider's primary specialty (like its state and ranking inputs, from
the published row only), so the list is the ordered union of two halves that never
overlap: the primary specialty (the link's own column, one index range) and the
other specialties (EXISTS, primary not that one). These tests hold it to the plain
OR filter it replaced, in every order and page, and the copy to the provider.
"""

import importlib
import random
from datetime import date

import pytest

from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from providers.choices import LinkBasis
from providers.directory_query import SPECIALTY_PARTS, provider_filter_q
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.linking import sync_all_specialty_links
from providers.listing import OrderedUnion
from providers.models import RANKING_ORDER, ProcedureSpecialty, Provider, ProviderProcedure
from providers.search import search_providers

from .forms import provider_form
from .test_api import LIST, count_queries, get, npis, paged_npis
from .test_api_listing_cost import seq_scans_without_alternative
from .test_import_nppes import SAMPLE, UPDATE, run_import
from .test_import_nppes import directory as directory

ORDERS = {
    "default": RANKING_ORDER,
    "name": ("sort_name", "provider_id"),
    "-years_in_practice": ("-years_in_practice", "sort_name", "provider_id"),
}


def mismatched_links():
    """Links whose copies of the primary specialty and of "has other specialties" are
    not their provider's."""
    with_others = set(Provider.specialties.through.objects.values_list("provider_id", flat=True))
    return [
        (link.pk, link.primary_specialty_id, link.has_other_specialties)
        for link in ProviderProcedure.objects.select_related("provider")
        if link.primary_specialty_id != link.provider.primary_specialty_id
        or link.has_other_specialties != (link.provider_id in with_others)
    ]


def or_filter_links(procedure, specialty, state=None, order="default"):
    """The list as it was before: one OR over the provider's specialties."""
    others = Provider.specialties.through.objects.filter(
        provider_id=OuterRef("provider_id"), specialty=specialty
    )
    links = ProviderProcedure.objects.public().filter(procedure=procedure)
    if state:
        links = links.filter(state=state)
    links = links.filter(Q(provider__primary_specialty=specialty) | Exists(others))
    return list(links.order_by(*ORDERS[order]).values_list("provider__npi", flat=True))


@pytest.fixture
def mixed(vertebroplasty, kyphoplasty, radiology, spine_surgery):
    """40 providers linked to Vertebroplasty: radiology as primary, as another specialty,
    both, or neither; bases, volumes, years, names and states mixed, ties included;
    some unpublished; and links to another procedure that must not show."""
    rng = random.Random(9)  # noqa: S311 - test data, not security
    names = ["Adams", "Baker", "Baker", "Cruz", "De La Cruz", "Young", "Zed"]
    for i in range(40):
        kind = i % 4
        provider = ProviderFactory(
            primary_specialty=radiology if kind in (0, 2) else spine_surgery,
            specialties=[radiology] if kind in (1, 2) else [],
            last_name=rng.choice(names),
            first_name=rng.choice(["Ana", "Bo", "Cy"]),
            state=rng.choice(["TX", "TX", "OH"]),
            years_in_practice=rng.choice([None, 0, 3, 3, 12]),
            board_certified=rng.choice([None, True, False]),
            live=i % 9 != 5,
        )
        basis = rng.choice(list(LinkBasis))
        ProviderProcedureFactory(
            provider=provider,
            procedure=vertebroplasty,
            basis=basis,
            annual_volume=0 if basis == LinkBasis.SPECIALTY else rng.choice([0, 5, 5, 40]),
        )
        if i % 5 == 0:
            ProviderProcedureFactory(provider=provider, procedure=kyphoplasty)
    return vertebroplasty


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("state", [None, "TX"])
@pytest.mark.django_db
def test_api_pages_list_the_or_filter_in_order(client, mixed, radiology, order, state):
    expected = or_filter_links(mixed, radiology, state, order)
    assert 10 < len(expected) < 40
    query = f"{LIST}?procedure=vertebroplasty&specialty={radiology.code}&order={order}"
    if state:
        query += f"&state={state}"
    assert paged_npis(client, query, 3, len(expected)) == expected
    # One page as big as the list, and a page starting mid-list.
    assert npis(get(client, f"{query}&limit=20&offset=4")) == expected[4:24]


@pytest.mark.django_db
def test_api_with_specialty_and_other_filters(client, mixed, radiology):
    accepting = list(Provider.objects.filter(live=True).order_by("pk")[:12])
    for provider in accepting:
        Provider.objects.filter(pk=provider.pk).update(accepting_new_patients=False)
    expected = [
        npi
        for npi in or_filter_links(mixed, radiology, "TX")
        if npi in {provider.npi for provider in accepting}
    ]
    url = (
        f"{LIST}?procedure=vertebroplasty&state=TX&specialty={radiology.code}"
        "&accepting_new_patients=false&limit=50"
    )
    assert npis(get(client, url)) == expected


@pytest.mark.django_db
def test_state_page_specialty_filter_lists_the_or_filter_in_order(
    client, mixed, radiology, settings
):
    from providers import views

    expected = or_filter_links(mixed, radiology, "TX")
    names = {
        provider.npi: provider.display_name
        for provider in Provider.objects.filter(npi__in=expected)
    }
    original = views.PER_PAGE
    views.PER_PAGE = 4
    try:
        shown = []
        for number in range(1, -(-len(expected) // 4) + 1):  # every page, no more
            response = client.get(
                f"/procedures/vertebroplasty/doctors/texas/?specialty={radiology.code}"
                f"&page={number}"
            )
            assert response.status_code == 200
            page = response.context["page_obj"]
            assert page.paginator.count == len(expected)
            shown += [link.provider.npi for link in page.object_list]
            for link in page.object_list:
                assert names[link.provider.npi] in response.content.decode()
    finally:
        views.PER_PAGE = original
    assert shown == expected


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&order=name",
        "&state=TX&accepting_new_patients=false",
        "&language=es",
        "&search=baker",
    ],
)
@pytest.mark.django_db
def test_specialty_listing_queries_do_not_grow_with_the_page(
    client, vertebroplasty, radiology, spine_surgery, django_assert_max_num_queries, query
):
    from providers.models import Language

    spanish = Language.objects.get(code="es")
    for i in range(30):
        ProviderFactory(
            primary_specialty=radiology if i % 2 else spine_surgery,
            specialties=[] if i % 2 else [radiology],
            languages=[spanish],
            last_name="Baker",
            state="TX",
            accepting_new_patients=False,
        )
        ProviderProcedureFactory(provider=Provider.objects.latest("pk"), procedure=vertebroplasty)
    url = f"{LIST}?procedure=vertebroplasty&specialty={radiology.code}{query}"
    small = count_queries(client, f"{url}&limit=2")
    with django_assert_max_num_queries(small):
        assert len(get(client, f"{url}&limit=20")["items"]) == 20
    with django_assert_max_num_queries(small):
        assert len(get(client, f"{url}&limit=5&offset=25")["items"]) == 5


@pytest.mark.django_db
def test_each_half_reads_an_index(vertebroplasty, radiology, spine_surgery):
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    for i in range(6):
        ProviderProcedureFactory(
            provider=ProviderFactory(
                primary_specialty=radiology if i % 2 else spine_surgery,
                specialties=[] if i % 2 else [radiology],
            ),
            procedure=vertebroplasty,
        )
    links = ProviderProcedure.objects.public().filter(procedure=vertebroplasty)
    union = OrderedUnion(
        [
            links.filter(
                provider_filter_q({"specialty": radiology}, on_links=True, specialty_part=part)
            ).order_by(*RANKING_ORDER)
            for part in SPECIALTY_PARTS
        ],
        links,
    )
    sql, params = union.keys(60).order_by(*RANKING_ORDER)[10:60].query.sql_with_params()
    assert seq_scans_without_alternative(sql % tuple(params)) == []
    # Which index PostgreSQL picks on a few rows depends on the statistics earlier
    # tests left (the procedure's whole ranking index serves the order as well, with
    # a filter). What must hold: the index made for the primary half exists, in the
    # ranking's order, and with the other ranking indexes out of the way (dropped
    # inside this test's transaction) the half is read from it in order, unsorted.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'provider_link_specialty_rank'"
        )
        (definition,) = cursor.fetchone()
        assert "(procedure_id, primary_specialty_id, basis, annual_volume DESC" in definition
        for other in ("provider_link_rank_all", "provider_link_years", "provider_link_name"):
            cursor.execute(f"DROP INDEX {other}")  # rolled back with the test
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_sort = on")
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "provider_link_specialty_rank" in plan, plan


# The copy of the primary specialty on links.


@pytest.fixture
def performed_by_radiology(vertebroplasty, radiology):
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    return vertebroplasty


@pytest.mark.django_db
def test_every_way_links_are_written_copies_the_primary_specialty(
    performed_by_radiology, radiology, spine_surgery
):
    from providers.models import VerifiedProcedure

    derived = ProviderFactory(primary_specialty=radiology)
    by_other = ProviderFactory(primary_specialty=spine_surgery, specialties=[radiology])
    saved = ProviderFactory(primary_specialty=spine_surgery)
    verified = ProviderFactory(primary_specialty=spine_surgery)
    ProviderProcedureFactory(provider=saved, procedure=performed_by_radiology)
    VerifiedProcedure.objects.create(
        provider=verified,
        procedure=performed_by_radiology,
        source="test",
        verified_on=date(2026, 11, 1),
    )
    sync_all_specialty_links()
    from providers.linking import sync_provider_links

    sync_provider_links([verified.pk])
    copied = dict(ProviderProcedure.objects.values_list("provider__npi", "primary_specialty_id"))
    assert copied == {
        derived.npi: radiology.pk,
        by_other.npi: spine_surgery.pk,
        saved.npi: spine_surgery.pk,
        verified.npi: spine_surgery.pk,
    }
    assert mismatched_links() == []


@pytest.fixture
def edited(vertebroplasty, radiology, spine_surgery):
    """A Texan spine surgeon listed for Vertebroplasty, the admin URL that edits them,
    and the API list of Vertebroplasty's radiologists (where edits may list them)."""
    provider = ProviderFactory(npi="1234567893", primary_specialty=spine_surgery, state="TX")
    ProviderProcedureFactory(provider=provider, procedure=vertebroplasty, basis=LinkBasis.VOLUME)
    url = reverse("wagtailsnippets_providers_provider:edit", args=[provider.pk])
    return provider, url, f"{LIST}?procedure=vertebroplasty&specialty={radiology.code}"


@pytest.mark.django_db
def test_the_copy_follows_publishing_never_a_draft(
    admin_client, client, edited, radiology, spine_surgery
):
    provider, url, listed = edited

    def copy():
        return ProviderProcedure.objects.get(provider=provider).primary_specialty_id

    form = provider_form(primary_specialty=str(radiology.pk))
    assert admin_client.post(url, form).status_code == 302  # a draft
    assert copy() == spine_surgery.pk
    assert npis(get(client, listed)) == []
    assert admin_client.post(url, {**form, "action-publish": "publish"}).status_code == 302
    assert copy() == radiology.pk
    assert npis(get(client, listed)) == [provider.npi]
    response = admin_client.post(
        reverse("wagtailsnippets_providers_provider:unpublish", args=[provider.pk])
    )
    assert response.status_code == 302
    assert copy() == radiology.pk  # kept, the link is no longer public
    assert npis(get(client, listed)) == []
    assert mismatched_links() == []


@pytest.mark.django_db
def test_other_specialties_reach_links_when_published(
    admin_client, client, edited, radiology, spine_surgery
):
    provider, url, listed = edited

    def flag():
        return ProviderProcedure.objects.get(provider=provider).has_other_specialties

    form = {
        **provider_form(primary_specialty=str(spine_surgery.pk)),
        "specialties": [str(radiology.pk)],
    }
    assert admin_client.post(url, form).status_code == 302  # a draft
    assert flag() is False
    assert npis(get(client, listed)) == []
    assert admin_client.post(url, {**form, "action-publish": "publish"}).status_code == 302
    assert list(provider.specialties.all()) == [radiology]
    assert flag() is True
    assert npis(get(client, listed)) == [provider.npi]
    form = {**provider_form(primary_specialty=str(spine_surgery.pk)), "specialties": []}
    assert admin_client.post(url, {**form, "action-publish": "publish"}).status_code == 302
    assert flag() is False
    assert npis(get(client, listed)) == []
    assert mismatched_links() == []


@pytest.mark.django_db
def test_a_saved_specialty_change_is_copied(vertebroplasty, radiology, spine_surgery):
    provider = ProviderFactory(primary_specialty=spine_surgery)
    link = ProviderProcedureFactory(provider=provider, procedure=vertebroplasty)
    provider.primary_specialty = radiology
    provider.save(update_fields=["primary_specialty"])
    link.refresh_from_db()
    assert link.primary_specialty_id == radiology.pk
    provider.primary_specialty = None
    provider.save()
    link.refresh_from_db()
    assert link.primary_specialty_id is None


@pytest.mark.django_db
def test_imports_copy_the_primary_specialty(directory, tmp_path):
    run_import(SAMPLE, tmp_path)
    assert ProviderProcedure.objects.exclude(primary_specialty=None).exists()
    assert mismatched_links() == []
    run_import(UPDATE, tmp_path)
    assert mismatched_links() == []


@pytest.mark.django_db
def test_the_migrations_backfill_fills_the_copy(performed_by_radiology, radiology, spine_surgery):
    migration = importlib.import_module("providers.migrations.0015_link_primary_specialty")
    ProviderFactory(primary_specialty=radiology)
    ProviderFactory(primary_specialty=spine_surgery, specialties=[radiology])
    ProviderFactory(primary_specialty=None, specialties=[radiology])
    sync_all_specialty_links()
    assert ProviderProcedure.objects.count() == 3
    ProviderProcedure.objects.update(primary_specialty=None)  # as before the migration
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL_SQL)
    assert mismatched_links() == []
    assert ProviderProcedure.objects.filter(primary_specialty=None).count() == 1


@pytest.mark.django_db
def test_the_flag_backfill_fills_the_copy(performed_by_radiology, radiology, spine_surgery):
    migration = importlib.import_module("providers.migrations.0017_link_has_other_specialties")
    ProviderFactory(primary_specialty=radiology)
    ProviderFactory(primary_specialty=spine_surgery, specialties=[radiology])
    sync_all_specialty_links()
    ProviderProcedure.objects.update(has_other_specialties=False)  # as before the migration
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL_SQL)
    assert mismatched_links() == []
    assert ProviderProcedure.objects.filter(has_other_specialties=True).count() == 1


@pytest.mark.django_db
def test_the_migration_applies_and_reverses(performed_by_radiology, radiology):
    ProviderFactory(primary_specialty=radiology)
    sync_all_specialty_links()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' deferred FK checks
    call_command("migrate", "providers", "0014", verbosity=0)  # 0017, 0016, then 0015
    call_command("migrate", "providers", verbosity=0)
    assert mismatched_links() == []
    assert ProviderProcedure.objects.get().primary_specialty_id == radiology.pk


@pytest.mark.django_db
def test_a_union_pages_values_like_a_queryset(mixed, radiology, django_assert_num_queries):
    """`values_list` and `select_related(None)`, as a list that pages provider ids asks."""
    from providers import directory_query as directory

    ranked = directory.ranked_links(mixed)
    union = OrderedUnion(
        [
            ranked.filter(
                provider_filter_q({"specialty": radiology}, on_links=True, specialty_part=part)
            )
            for part in SPECIALTY_PARTS
        ],
        ranked,
    )
    expected = [link.provider_id for link in union[2:9]]
    assert len(expected) == 7
    ids = union.select_related(None).values_list("provider_id", flat=True)
    with django_assert_num_queries(1):  # the keys carry the provider: no second query
        assert ids[2:9] == expected
    pairs = union.values_list("provider_id", "state")[2:9]
    assert [pair[0] for pair in pairs] == expected
    assert {pair[1] for pair in pairs} <= {"TX", "OH"}


@pytest.mark.parametrize("order", ["", "name"])
@pytest.mark.parametrize("state", [None, "TX"])
@pytest.mark.django_db
def test_api_without_procedure_pages_the_or_filter_in_name_order(
    client, mixed, radiology, order, state
):
    """Without `procedure`, the specialty list is the union of its halves too (the
    primary half from `provider_specialty_name`), in name order, paged as before."""
    others = Provider.specialties.through.objects.filter(
        provider_id=OuterRef("pk"), specialty=radiology
    )
    providers = Provider.objects.live().filter(Q(primary_specialty=radiology) | Exists(others))
    if state:
        providers = providers.filter(state=state)
    expected = list(
        providers.order_by("last_name", "first_name", "npi").values_list("npi", flat=True)
    )
    assert 10 < len(expected) < 40
    query = f"{LIST}?specialty={radiology.code}&order={order}&state={state or ''}"
    assert paged_npis(client, query, 3, len(expected)) == expected
    assert npis(get(client, f"{query}&limit=20&offset=4")) == expected[4:24]


@pytest.mark.parametrize("whole_max", [0, 5_000])
@pytest.mark.django_db
def test_a_few_others_are_read_whole_and_many_in_name_order(
    client, mixed, radiology, monkeypatch, whole_max
):
    """Without `procedure`, the providers who have the specialty among their other
    specialties are read whole and sorted with the page when they are few (in name order
    PostgreSQL walks every provider's name index to find a rare specialty's few), and in
    name order up to the page's end when there are more than `WHOLE_OTHERS_MAX`. Either
    way the list is the same, in the same order."""
    from providers import directory_query

    monkeypatch.setattr(directory_query, "WHOLE_OTHERS_MAX", whole_max)
    others = Provider.specialties.through.objects.filter(
        provider_id=OuterRef("pk"), specialty=radiology
    )
    expected = list(
        Provider.objects.live()
        .filter(Q(primary_specialty=radiology) | Exists(others))
        .order_by("last_name", "first_name", "npi")
        .values_list("npi", flat=True)
    )
    assert Provider.objects.live().filter(Exists(others)).exclude(primary_specialty=radiology)
    with CaptureQueriesContext(connection) as queries:
        listed = npis(get(client, f"{LIST}?specialty={radiology.code}&limit=7&offset=3"))
    assert listed == expected[3:10]
    (union,) = [query["sql"] for query in queries.captured_queries if "UNION ALL" in query["sql"]]
    # The primary half is cut at the page's end (offset 3 + limit 7), and the others
    # half there too only when it is read in order.
    assert union.count("LIMIT 10)") == (2 if whole_max == 0 else 1)


@pytest.mark.parametrize("state", ["", "OH"])
@pytest.mark.django_db
def test_a_specialty_alone_is_sized_by_its_rows_a_narrowed_one_by_its_providers(
    client, mixed, radiology, monkeypatch, state
):
    """Whether the "others" half is few enough to read whole: with the specialty alone,
    the specialty's rows in the other-specialties table say it, counted without
    reading a provider (the half is nearly all of them); with a state (or another
    filter) the half itself is counted, as it may be a small share of those rows."""
    from providers import directory_query

    monkeypatch.setattr(directory_query, "WHOLE_OTHERS_MAX", 15)
    others = Provider.specialties.through.objects.filter(
        provider_id=OuterRef("pk"), specialty=radiology
    )
    providers = Provider.objects.live().filter(Q(primary_specialty=radiology) | Exists(others))
    half = Provider.objects.live().filter(Exists(others)).exclude(primary_specialty=radiology)
    if state:
        providers, half = providers.filter(state=state), half.filter(state=state)
    having = Provider.specialties.through.objects.filter(specialty=radiology).count()
    assert half.count() <= 15 < having
    expected = list(
        providers.order_by("last_name", "first_name", "npi").values_list("npi", flat=True)
    )
    with CaptureQueriesContext(connection) as queries:
        listed = npis(
            get(client, f"{LIST}?specialty={radiology.code}&state={state}&limit=7&offset=3")
        )
    assert listed == expected[3:10]
    (probe,) = [q["sql"] for q in queries.captured_queries if "LIMIT 16)" in q["sql"]]
    assert ('"providers_provider"."live"' in probe) == bool(state)
    (union,) = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"]]
    # Read whole (cut once, the primary half) only when the narrowed half was counted few.
    assert union.count("LIMIT 10)") == (1 if state else 2)


@pytest.mark.parametrize("state", ["", "TX"])
@pytest.mark.django_db
def test_a_specialty_list_searched_by_name_is_counted_in_one_pass(client, mixed, radiology, state):
    """Without a procedure, a specialty and a name search: the search's matches (from
    the full-text index) are the narrower read, so the list is counted once over them,
    the specialty's "primary or others" tested on each, not once per half."""
    others = Provider.specialties.through.objects.filter(
        provider_id=OuterRef("pk"), specialty=radiology
    )
    providers = search_providers(
        Provider.objects.live().filter(Q(primary_specialty=radiology) | Exists(others)), "baker"
    )
    if state:
        providers = providers.filter(state=state)
    expected = list(
        providers.order_by("last_name", "first_name", "npi").values_list("npi", flat=True)
    )
    assert expected
    with CaptureQueriesContext(connection) as queries:
        data = get(client, f"{LIST}?specialty={radiology.code}&search=baker&state={state}")
    assert data["meta"]["total_count"] == len(expected)
    assert npis(data) == expected
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert len(counts) == 1
