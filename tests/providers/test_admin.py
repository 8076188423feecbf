"""Editors manage providers in the Wagtail admin."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data

from providers.factories import ProviderFactory
from providers.models import Provider

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
    from providers.importers.run import ImportRun

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
