"""/api/v2/providers/ and /api/v2/providers/states/."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.choices import LinkBasis
from providers.directory_query import DirectoryQuery
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.filters import RANKING_EXPLANATION
from providers.models import Language

LIST = "/api/v2/providers/"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def npis(data):
    return [item["npi"] for item in data["items"]]


def paged_npis(client, query, size, total):
    """The NPIs of `query` (a list URL with its `?`), read `size` at a time one page
    past the end; every page must report `total` items."""
    listed = []
    for offset in range(0, total + size, size):
        data = get(client, f"{query}&limit={size}&offset={offset}")
        assert data["meta"]["total_count"] == total
        listed += npis(data)
    return listed


def linked(procedure, basis=LinkBasis.SPECIALTY, volume=0, **fields):
    provider = ProviderFactory(**fields)
    ProviderProcedureFactory(
        provider=provider, procedure=procedure, basis=basis, annual_volume=volume
    )
    return provider


@pytest.mark.django_db
def test_items_carry_names_npi_specialties_location_procedures_and_profile(
    client, vertebroplasty, radiology
):
    provider = linked(
        vertebroplasty,
        LinkBasis.VOLUME,
        volume=120,
        first_name="Jane",
        last_name="Sample",
        primary_specialty=radiology,
    )
    data = get(client, f"{LIST}{provider.pk}/")
    assert data["npi"] == provider.npi
    assert (data["first_name"], data["last_name"], data["credential"]) == ("Jane", "Sample", "MD")
    assert data["specialties"] == [
        {
            "code": "2085R0204X",
            "name": "Vascular & Interventional Radiology Physician",
            "classification": "Radiology",
            "specialization": "Vascular & Interventional Radiology",
            "primary": True,
        }
    ]
    assert data["practice_location"]["state"] == "TX"
    assert data["practice_location"]["city"] == "Austin"
    (procedure,) = data["procedures"]
    assert procedure["slug"] == "vertebroplasty"
    assert procedure["basis"] == "volume"
    assert procedure["annual_volume"] == 120
    assert data["meta"]["profile_url"].endswith(provider.get_absolute_url())


@pytest.mark.django_db
def test_procedure_and_state_filters_return_the_ranked_list(client, vertebroplasty, kyphoplasty):
    specialty = linked(vertebroplasty, LinkBasis.SPECIALTY, last_name="Aaron")
    volume = linked(vertebroplasty, LinkBasis.VOLUME, volume=50, last_name="Baker")
    verified = linked(vertebroplasty, LinkBasis.VERIFIED, last_name="Carter")
    linked(vertebroplasty, LinkBasis.VERIFIED, state="OH")
    linked(kyphoplasty, LinkBasis.VERIFIED)
    expected = [verified.npi, volume.npi, specialty.npi]
    assert npis(get(client, f"{LIST}?procedure=vertebroplasty&state=tx")) == expected
    assert npis(get(client, f"{LIST}?procedure={vertebroplasty.pk}&state=TX")) == expected
    by_name = get(client, f"{LIST}?procedure=vertebroplasty&state=tx&order=name")
    assert npis(by_name) == [specialty.npi, volume.npi, verified.npi]
    assert get(client, f"{LIST}?procedure=vertebroplasty")["meta"]["total_count"] == 4


@pytest.mark.django_db
def test_filters_combine(client, vertebroplasty, radiology, spine_surgery):
    spanish = Language.objects.get(code="es")
    match = linked(
        vertebroplasty,
        primary_specialty=radiology,
        accepting_new_patients=True,
        telehealth=True,
        languages=[spanish],
    )
    linked(vertebroplasty, primary_specialty=spine_surgery, accepting_new_patients=True)
    linked(vertebroplasty, primary_specialty=radiology, accepting_new_patients=False)
    linked(vertebroplasty, primary_specialty=radiology, accepting_new_patients=True, state="CA")
    ProviderFactory(primary_specialty=radiology, accepting_new_patients=True, telehealth=True)
    query = (
        "?procedure=vertebroplasty&state=TX&specialty=2085r0204x&accepting_new_patients=true"
        "&telehealth=1&language=es"
    )
    assert npis(get(client, LIST + query)) == [match.npi]
    without_procedure = get(client, f"{LIST}?state=tx&specialty=2085R0204X&telehealth=yes")
    assert len(without_procedure["items"]) == 2
    assert get(client, f"{LIST}?accepting_new_patients=false")["meta"]["total_count"] == 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("state=ZZ", "state"),
        ("procedure=nope", "procedure"),
        ("procedure=999999", "procedure"),
        ("accepting_new_patients=maybe", "accepting_new_patients"),
        ("telehealth=2", "telehealth"),
        ("specialty=XYZ", "specialty"),
        ("language=klingon", "language"),
        ("order=best", "order"),
        ("bogus=1", "bogus"),
        ("city=Austin", "city"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("fields=nonsense", "nonsense"),
    ],
)
@pytest.mark.django_db
def test_each_bad_parameter_is_a_400_naming_it(client, vertebroplasty, query, parameter):
    data = get(client, f"{LIST}?{query}", status=400)
    assert parameter in data["message"]
    assert set(data["errors"]) == {query.partition("=")[0]}  # `errors` names the parameter


@pytest.mark.django_db
def test_draft_procedure_is_not_a_valid_filter(client, procedure_index):
    from procedures.factories import ProcedurePageFactory

    ProcedurePageFactory(parent=procedure_index, slug="secret", live=False)
    assert "procedure" in get(client, f"{LIST}?procedure=secret", status=400)["message"]


@pytest.mark.django_db
def test_unpublished_providers_are_absent_from_api_counts_and_search(client, vertebroplasty):
    shown = linked(vertebroplasty, last_name="Shownson")
    hidden = linked(vertebroplasty, last_name="Hiddenberg")
    hidden.live = False
    hidden.save()
    assert npis(get(client, LIST)) == [shown.npi]
    assert npis(get(client, f"{LIST}?procedure=vertebroplasty")) == [shown.npi]
    get(client, f"{LIST}{hidden.pk}/", status=404)
    states = get(client, "/api/v2/providers/states/?procedure=vertebroplasty")
    assert states["total"] == 1
    assert npis(get(client, f"{LIST}?search=Hiddenberg")) == []
    assert npis(get(client, f"{LIST}?search=Shownson")) == [shown.npi]


@pytest.mark.django_db
def test_search_by_name_npi_and_city(client, vertebroplasty):
    target = linked(vertebroplasty, last_name="Quillfeather", city="Lubbock")
    linked(vertebroplasty, last_name="Other", city="Dallas")
    assert npis(get(client, f"{LIST}?search=Quillfeather")) == [target.npi]
    assert npis(get(client, f"{LIST}?search=Lubbock")) == [target.npi]
    assert npis(get(client, f"{LIST}?search={target.npi}")) == [target.npi]
    combined = f"{LIST}?search=Quillfeather&procedure=vertebroplasty&state=TX"
    assert npis(get(client, combined)) == [target.npi]


@pytest.mark.django_db
def test_states_endpoint_counts_match_the_map_and_the_table(client, vertebroplasty):
    from bs4 import BeautifulSoup

    for state in ["TX", "TX", "CA", "PR", "DC"]:
        linked(vertebroplasty, state=state)
    api = get(client, "/api/v2/providers/states/?procedure=vertebroplasty")
    api_counts = {row["state"]: row["count"] for row in api["states"]}
    assert api_counts["TX"] == 2 and api_counts["PR"] == 1 and api_counts["OH"] == 0
    assert len(api_counts) == 56
    assert api["total"] == 5

    html = BeautifulSoup(client.get("/procedures/vertebroplasty/").content, "html.parser")
    table = {
        row.th.get_text(strip=True): int(row.td.get_text(strip=True))
        for row in html.select(".us-map__table tbody tr")
    }
    shapes = {
        a.select_one("title").get_text(strip=True).split(":")[0]: a
        for a in html.select("svg a.us-map__state")
        if not a.get("class", []).count("us-map__callout")
    }
    names = {row["name"]: row["count"] for row in api["states"]}
    assert table == names
    for name, count in names.items():
        label = shapes[name].select_one("title").get_text(strip=True)
        assert label == f"{name}: {count} doctor{'s' if count != 1 else ''}"
    assert DirectoryQuery({"procedure": vertebroplasty}).state_counts() == {
        k: v for k, v in api_counts.items() if v
    }


@pytest.mark.django_db
def test_states_endpoint_requires_a_valid_procedure(client, vertebroplasty):
    assert "procedure" in get(client, "/api/v2/providers/states/", status=400)["message"]
    assert "procedure" in get(client, "/api/v2/providers/states/?procedure=x", 400)["message"]
    assert "state" in get(client, "/api/v2/providers/states/?state=TX", 400)["message"]


@pytest.mark.django_db
def test_find_by_npi(client, vertebroplasty):
    provider = linked(vertebroplasty)
    response = client.get(f"{LIST}find/?npi={provider.npi}")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"{LIST}{provider.pk}/")


@pytest.mark.django_db
def test_procedure_pages_in_the_pages_api_include_specialties_and_codes(
    client, vertebroplasty, radiology
):
    from providers.models import ProcedureSpecialty

    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    data = get(client, f"/api/v2/pages/{vertebroplasty.pk}/")
    assert data["procedure_codes"] == ["22510", "22511", "22512"]
    assert data["performing_specialties"] == [
        {"code": "2085R0204X", "name": "Vascular & Interventional Radiology Physician"}
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        get(client, url)
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST}?procedure=vertebroplasty&state=TX&limit=100&fields=*",
        f"{LIST}?limit=100&fields=*",
        f"{LIST}?procedure=vertebroplasty&specialty=2085R0204X&language=es&limit=100",
        f"{LIST}?procedure=vertebroplasty&limit=100",
    ],
)
@pytest.mark.django_db
def test_api_list_query_count_is_the_same_for_10_and_200_providers(
    client, vertebroplasty, kyphoplasty, radiology, django_assert_max_num_queries, url
):
    spanish = Language.objects.get(code="es")

    def add(n):
        for _ in range(n):
            provider = linked(vertebroplasty, primary_specialty=radiology, languages=[spanish])
            ProviderProcedureFactory(provider=provider, procedure=kyphoplasty)

    add(10)
    baseline = count_queries(client, url)
    add(190)
    with django_assert_max_num_queries(baseline):
        get(client, url)


# The ranking is part of the contract: the order explained, each item's basis shown.


@pytest.mark.django_db
def test_a_procedure_list_explains_its_order_as_the_state_page_does(client, vertebroplasty):
    linked(vertebroplasty, LinkBasis.VERIFIED)
    data = get(client, f"{LIST}?procedure=vertebroplasty&state=TX")
    assert data["meta"]["ranking"] == {"order": "default", "explanation": RANKING_EXPLANATION}
    page = client.get("/procedures/vertebroplasty/doctors/texas/")
    assert page.status_code == 200
    assert str(RANKING_EXPLANATION) in page.content.decode()
    by_name = get(client, f"{LIST}?procedure=vertebroplasty&order=name")["meta"]["ranking"]
    assert by_name["order"] == "name"
    assert "last name" in by_name["explanation"]


@pytest.mark.django_db
def test_a_list_without_procedure_has_no_ranking_and_no_basis(client, vertebroplasty):
    linked(vertebroplasty, LinkBasis.VERIFIED)
    data = get(client, LIST)
    assert "ranking" not in data["meta"]
    assert data["items"][0]["procedure_basis"] is None


@pytest.mark.django_db
def test_each_item_of_a_procedure_list_carries_its_basis_by_default(client, vertebroplasty):
    verified = linked(vertebroplasty, LinkBasis.VERIFIED, last_name="Carter")
    volume = linked(vertebroplasty, LinkBasis.VOLUME, volume=50, last_name="Baker")
    specialty = linked(vertebroplasty, LinkBasis.SPECIALTY, last_name="Aaron")
    items = get(client, f"{LIST}?procedure=vertebroplasty")["items"]
    assert "procedures" not in items[0]  # not only with fields=procedures
    assert [(item["npi"], item["procedure_basis"]["basis"]) for item in items] == [
        (verified.npi, "verified"),
        (volume.npi, "volume"),
        (specialty.npi, "specialty"),
    ]
    basis = items[1]["procedure_basis"]
    assert basis["id"] == vertebroplasty.pk
    assert basis["slug"] == "vertebroplasty"
    assert basis["annual_volume"] == 50
    assert basis["basis_text"].startswith("\u224850 a year")
    # The same object as the provider's entry for that procedure in `procedures`.
    full = get(client, f"{LIST}?procedure=vertebroplasty&fields=procedures")["items"][1]
    assert full["procedures"] == [basis]


def tables_read(client, url):
    """The provider relation tables the request's queries read."""
    tables = ("providers_provider_specialties", "providers_provider_languages")
    tables += ("providers_providerprocedure",)
    with CaptureQueriesContext(connection) as context:
        data = get(client, url)
    read = {table for q in context.captured_queries for table in tables if table in q["sql"]}
    return read, data


@pytest.mark.django_db
def test_a_list_loads_only_the_relations_its_fields_show(client, vertebroplasty, radiology):
    spanish = Language.objects.get(code="es")
    linked(vertebroplasty, specialties=[radiology], languages=[spanish])

    read, data = tables_read(client, f"{LIST}?limit=5")
    assert read == set()
    assert "specialties" not in data["items"][0]

    fields = "specialties,languages,procedures"
    read, data = tables_read(client, f"{LIST}?limit=5&fields={fields}")
    assert read == {
        "providers_provider_specialties",
        "providers_provider_languages",
        "providers_providerprocedure",
    }
    (item,) = data["items"]
    assert [s["code"] for s in item["specialties"]] == [radiology.code]
    assert item["languages"] == [{"code": "es", "name": spanish.name}]
    assert [p["slug"] for p in item["procedures"]] == ["vertebroplasty"]


@pytest.mark.django_db
def test_every_item_of_a_list_has_its_own_detail_and_profile_url(client):
    providers = [ProviderFactory() for _ in range(3)]
    items = {item["id"]: item for item in get(client, f"{LIST}?limit=5")["items"]}
    for provider in providers:
        meta = items[provider.pk]["meta"]
        assert meta["detail_url"] == f"http://testserver{LIST}{provider.pk}/"
        assert meta["profile_url"] == f"http://testserver{provider.get_absolute_url()}"
        # The same as the provider's own detail answers.
        detail = get(client, f"{LIST}{provider.pk}/")
        assert detail["meta"]["detail_url"] == meta["detail_url"]
        assert detail["meta"]["profile_url"] == meta["profile_url"]
