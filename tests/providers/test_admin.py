"""Editors manage providers in the Wagtail admin."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data

from providers import admin_views
from providers.factories import ProviderFactory
from providers.models import Provider, VerifiedProcedure
from providers.search import SEARCH_ORDER, search_providers

from .forms import provider_form

ADD_URL = reverse("wagtailsnippets_providers_provider:add")
INDEX_URL = reverse("wagtailsnippets_providers_provider:list")


@pytest.mark.django_db
def test_editor_can_create_and_publish_a_provider(admin_client):
    response = admin_client.post(ADD_URL, {**provider_form(), "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    provider = Provider.objects.get(npi="1234567893")
    assert provider.live
    assert provider.latest_revision is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npi", "1234567890", "check digit is wrong"),
        ("npi", "12345", "exactly 10 digits"),
        ("zip_code", "7870", "XXXXX or XXXXX-XXXX"),
        ("zip_code", "ABCDE", "XXXXX or XXXXX-XXXX"),
        ("state", "ZZ", "Select a valid choice"),
        ("phone", "555-0100", "10-digit"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_an_error_on_its_field(admin_client, field, value, message):
    response = admin_client.post(ADD_URL, provider_form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_duplicate_npi_is_an_error_on_the_npi_field(admin_client):
    ProviderFactory(npi="1234567893")
    response = admin_client.post(ADD_URL, provider_form())
    assert "npi" in response.context["form"].errors


def listed(response):
    return sorted(str(p) for p in response.context["object_list"])


@pytest.mark.django_db
def test_list_filters_by_state_specialty_accepting_and_live(admin_client, radiology, spine_surgery):
    ProviderFactory(
        first_name="Tex", last_name="Rad", primary_specialty=radiology, accepting_new_patients=True
    )
    ProviderFactory(first_name="Cal", last_name="Rad", state="CA", primary_specialty=radiology)
    ProviderFactory(first_name="Tex", last_name="Spine", specialties=[spine_surgery], live=False)
    assert listed(admin_client.get(INDEX_URL + "?state=CA")) == ["Cal Rad, MD"]
    assert listed(admin_client.get(INDEX_URL + f"?specialty={radiology.pk}")) == [
        "Cal Rad, MD",
        "Tex Rad, MD",
    ]
    assert listed(admin_client.get(INDEX_URL + f"?specialty={spine_surgery.pk}")) == [
        "Tex Spine, MD"
    ]
    assert listed(admin_client.get(INDEX_URL + "?accepting_new_patients=true")) == ["Tex Rad, MD"]
    assert listed(admin_client.get(INDEX_URL + "?live=false")) == ["Tex Spine, MD"]


@pytest.mark.django_db
def test_search_by_name_npi_and_city(admin_client):
    ProviderFactory(first_name="Jane", last_name="Quillfeather", city="Lubbock", npi="1234567893")
    ProviderFactory(first_name="John", last_name="Other", city="Dallas")
    for query in ["Quillfeather", "Lubbock", "1234567893"]:
        assert listed(admin_client.get(INDEX_URL + f"?q={query}")) == ["Jane Quillfeather, MD"]


@pytest.mark.django_db
def test_export_to_csv_and_xlsx(admin_client):
    ProviderFactory(first_name="Jane", last_name="Sample", npi="1234567893")
    response = admin_client.get(INDEX_URL + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    header, row = body.strip().splitlines()[:2]
    assert header.startswith("NPI,Prefix,First name")
    assert row.startswith("1234567893,,Jane")
    xlsx = admin_client.get(INDEX_URL + "?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_specialties_live_in_the_directory_group_with_search_and_export(admin_client, radiology):
    index = admin_client.get("/admin/providers/specialty/?q=Interventional")
    assert index.status_code == 200
    assert "2085R0204X" in index.content.decode()
    export = admin_client.get("/admin/providers/specialty/?export=csv")
    assert export.status_code == 200
    assert b"2085R0204X" in b"".join(export.streaming_content)


@pytest.mark.django_db
def test_editor_picks_performing_specialties_and_featured_providers_on_a_procedure(
    admin_client, procedure_index, radiology
):
    from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

    from procedures.models import ProcedurePage

    featured = ProviderFactory(
        first_name="Feature", last_name="Doctor", primary_specialty=radiology
    )
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
            "procedure_codes": "22510",
            "specialty_links": inline_formset([{"specialty": radiology.pk}]),
            "billing_codes": inline_formset([]),
            "featured_provider_links": inline_formset(
                [{"provider": featured.pk, "reason": "Leads the spine service."}]
            ),
        }
    )
    url = f"/admin/pages/add/procedures/procedurepage/{procedure_index.pk}/"
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    page = ProcedurePage.objects.get(slug="vertebroplasty")
    assert [s.code for s in page.performing_specialties()] == ["2085R0204X"]
    # Publishing derived the specialty link, and the page features the doctor.
    html = admin_client.get("/procedures/vertebroplasty/").content.decode()
    assert "Feature Doctor, MD" in html
    states = admin_client.get("/api/v2/providers/states/?procedure=vertebroplasty").json()
    assert states["total"] == 1


@pytest.mark.django_db
def test_specialty_chooser_searches_the_taxonomy(admin_client, radiology, spine_surgery):
    response = admin_client.get("/admin/specialty_chooser/?q=Spine")
    assert response.status_code == 200
    body = response.json()["html"]
    assert "Orthopaedic Surgery of the Spine" in body
    assert "Vascular" not in body


@pytest.mark.django_db
def test_imported_provider_without_revisions_opens_in_the_editor(admin_client):
    provider = ProviderFactory()  # as importers create them: live, no revision yet
    url = reverse("wagtailsnippets_providers_provider:edit", args=[provider.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert provider.npi in response.content.decode()


@pytest.mark.django_db
def test_import_runs_are_listed_read_only_in_the_directory_group(admin_client, tmp_path):
    from providers.import_records import ImportRun

    run = ImportRun.objects.create(kind="nppes", file_name="/data/npidata.csv", inserted=12)
    index = admin_client.get("/admin/providers/importrun/")
    assert index.status_code == 200
    assert "/data/npidata.csv" in index.content.decode()
    assert admin_client.get(f"/admin/providers/importrun/inspect/{run.pk}/").status_code == 200
    # Wagtail answers a forbidden admin view by sending the editor back to the dashboard.
    for url in ["create/", f"edit/{run.pk}/", f"delete/{run.pk}/"]:
        response = admin_client.get(f"/admin/providers/importrun/{url}")
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert ImportRun.objects.filter(pk=run.pk).exists()


# The list at any size (docs/performance.md, "Admin provider list"): pages read in order
# from indexes, a total counted only up to a cap, a fixed number of queries.


def page_pks(response):
    return [provider.pk for provider in response.context["object_list"]]


def sorted_matches(query, queryset=None):
    found = search_providers(Provider.objects.all() if queryset is None else queryset, query)
    return list(found.order_by(*SEARCH_ORDER).values_list("pk", flat=True))


@pytest.fixture
def smiths(db):
    """Providers a search for "smith" finds in each of its ways (a surname in the order
    index's range, or the word in a first name, a city or a longer last name), one
    unpublished, and some it does not find."""
    names = [
        ("Ana", "Smith"),
        ("Zoe", "SMITH"),
        ("Bo", "Smithers"),
        ("Cy", "Smith-Jones"),
        ("Smith", "Aaron"),
        ("Di", "Van Smith"),
    ]
    for index in range(24):
        first, last = names[index % len(names)]
        ProviderFactory(
            first_name=first,
            last_name=last,
            city="Smithville" if index == 5 else "Austin",
            live=index != 7,
        )
    ProviderFactory(first_name="Ana", last_name="Jones")
    ProviderFactory(first_name="Jo", last_name="Smyth")


@pytest.mark.django_db
def test_a_surname_search_lists_every_match_in_name_order_page_by_page(admin_client, smiths):
    expected = sorted_matches("smith")
    assert len(expected) == 24
    first = admin_client.get(INDEX_URL + "?q=smith")
    second = admin_client.get(INDEX_URL + "?q=smith&p=2")
    assert page_pks(first) + page_pks(second) == expected
    assert "There are 24 matches" in first.content.decode()
    # Several words, and the name as the site shows it.
    for query in ["ana smith", "Dr. Ana Smith, MD"]:
        assert page_pks(admin_client.get(INDEX_URL, {"q": query})) == sorted_matches(query)


@pytest.mark.django_db
def test_the_list_counts_only_up_to_its_cap_and_says_so(admin_client, smiths, monkeypatch):
    monkeypatch.setattr(admin_views, "COUNT_CAP", 22)
    unfiltered = admin_client.get(INDEX_URL)
    assert unfiltered.context["paginator"].count == 22
    assert "More than 22 providers" in unfiltered.content.decode()
    searched = admin_client.get(INDEX_URL + "?q=smith")
    assert "There are more than 22 matches" in searched.content.decode()
    # The last page within the cap is reachable, and a page past it serves that page.
    last = admin_client.get(INDEX_URL + "?q=smith&p=2")
    assert page_pks(last) == sorted_matches("smith")[20:22]
    assert page_pks(admin_client.get(INDEX_URL + "?q=smith&p=9")) == page_pks(last)
    # Below the cap the count is exact.
    few = admin_client.get(INDEX_URL + "?q=smithers").content.decode()
    assert "There are 4 matches" in few
    assert "More than" not in few


@pytest.mark.django_db
def test_a_search_of_several_words_runs_once_for_its_count_and_its_page(
    admin_client, smiths, monkeypatch
):
    # The full-text index intersects every word's prefix matches: the costliest part
    # of the list. Counted up to the cap, the ids read are the count and the page.
    monkeypatch.setattr(admin_views, "COUNT_CAP", 3)
    expected = sorted_matches("ana smith")
    assert len(expected) > 3
    with CaptureQueriesContext(connection) as captured:
        first = admin_client.get(INDEX_URL, {"q": "ana smith"})
    assert page_pks(first) == expected[:3]
    assert "There are more than 3 matches" in first.content.decode()
    searches = [q["sql"] for q in captured if "to_tsquery" in q["sql"] or " LIKE " in q["sql"]]
    assert len(searches) == 1, searches
    # Below the cap, every match on its page, counted exactly.
    monkeypatch.setattr(admin_views, "COUNT_CAP", 1000)
    response = admin_client.get(INDEX_URL, {"q": "ana smith"})
    assert page_pks(response) == expected
    assert f"There are {len(expected)} matches" in response.content.decode()


@pytest.mark.django_db
def test_filters_narrow_the_list_and_its_count(
    admin_client, radiology, spine_surgery, vertebroplasty
):
    both = ProviderFactory(
        first_name="Both", last_name="Smith", primary_specialty=radiology, specialties=[radiology]
    )
    other = ProviderFactory(first_name="Other", last_name="Smith", specialties=[radiology])
    ProviderFactory(first_name="Spine", last_name="Smith", primary_specialty=spine_surgery)
    gone = ProviderFactory(first_name="Gone", last_name="Jones", deactivated_on="2026-11-01")
    verified = ProviderFactory(first_name="Verified", last_name="Jones")
    VerifiedProcedure.objects.create(
        provider=verified, procedure=vertebroplasty, verified_on="2026-11-02", source="phone"
    )

    def listed_for(query):
        response = admin_client.get(INDEX_URL + query)
        assert response.context["paginator"].count == len(response.context["object_list"])
        return page_pks(response)

    # A specialty as primary or among the others, each provider once.
    assert listed_for(f"?specialty={radiology.pk}") == [both.pk, other.pk]
    assert listed_for(f"?specialty={radiology.pk}&q=smith") == [both.pk, other.pk]
    assert listed_for("?deactivated=true") == [gone.pk]
    assert gone.pk not in listed_for("?deactivated=false")
    assert listed_for(f"?verified_for={vertebroplasty.pk}") == [verified.pk]
    assert listed_for(f"?verified_for={vertebroplasty.pk}&q=smith") == []


@pytest.mark.django_db
def test_specialty_and_procedure_filters_are_choosers_not_every_option(
    admin_client, radiology, spine_surgery, vertebroplasty
):
    html = admin_client.get(INDEX_URL).content.decode()
    assert "Choose a specialty" in html
    assert "Choose a page (Procedure page)" in html
    # No <select> of every specialty or procedure page.
    assert spine_surgery.display_name not in html
    assert "Vertebroplasty" not in html
    # A chosen one is shown, as the chooser's value and as an active filter.
    chosen = admin_client.get(INDEX_URL + f"?specialty={spine_surgery.pk}")
    assert chosen.content.decode().count(spine_surgery.display_name) >= 2


@pytest.mark.django_db
def test_a_chooser_filter_value_that_is_not_an_id_is_a_form_error(admin_client, radiology):
    ProviderFactory(primary_specialty=radiology)
    for query in ["?specialty=abc", "?verified_for=abc", "?specialty=999999", "?verified_for=-1"]:
        response = admin_client.get(INDEX_URL + query)
        assert response.status_code == 200, query
        assert response.context["view"].filters.errors, query
        assert len(response.context["object_list"]) == 1, query


@pytest.mark.django_db
def test_the_list_sorts_only_by_name_npi_and_state(admin_client, smiths):
    response = admin_client.get(INDEX_URL)
    valid = response.context["view"].get_valid_orderings()
    assert sorted(valid) == ["-npi", "-state", "npi", "state"]
    # An ordering the list no longer offers falls back to the name order.
    assert page_pks(admin_client.get(INDEX_URL + "?ordering=_updated_at")) == page_pks(response)
    # Searched and sorted by a column: by that column, then by name.
    texan = Provider.objects.filter(last_name="Smithers").first()
    texan.state = "AK"
    texan.save()
    by_state = page_pks(admin_client.get(INDEX_URL + "?q=smith&ordering=state"))
    assert by_state[0] == texan.pk
    assert by_state[1:] == [pk for pk in sorted_matches("smith")[:20] if pk != texan.pk][:19]


@pytest.mark.parametrize("query", ["", "?q=smith", "?q=ana+smith", "?specialty={radiology}"])
@pytest.mark.django_db
def test_the_list_runs_the_same_queries_for_any_number_of_providers(
    admin_client, radiology, django_assert_max_num_queries, query
):
    url = INDEX_URL + query.format(radiology=radiology.pk)

    def add(count):
        for _ in range(count):
            ProviderFactory(first_name="Ana", last_name="Smith", primary_specialty=radiology)

    add(2)
    admin_client.get(url)  # per-process caches warm
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(url)
    assert len(response.context["object_list"]) == 20
