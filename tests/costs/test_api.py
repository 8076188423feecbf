"""Typed cost objects in the v2 API: procedure page detail and provider items."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from costs.models import ProcedureBillingCode
from procedures.factories import ProcedurePageFactory
from providers.factories import ProviderFactory, ProviderProcedureFactory

from .test_import_by_provider import MEDICARE, import_volume


@pytest.mark.django_db
def test_procedure_page_detail_has_its_medicare_costs(client, cost_files, vertebroplasty_page):
    data = client.get(f"/api/v2/pages/{vertebroplasty_page.pk}/").json()
    costs = data["medicare_costs"]
    assert costs["year"] == 2026
    assert [(c["code"], c["role"]) for c in costs["codes"]] == [
        ("22510", "primary"),
        ("22511", "primary"),
        ("22512", "add_on"),
    ]
    first = costs["primaries"][0]
    hospital = first["settings"][0]
    assert hospital == {
        "setting": "hospital_outpatient",
        "label": "Hospital outpatient department",
        "physician": {"amount": 429.54, "note": None, "packaged": False},
        "facility": {"amount": 6546.78, "note": None, "packaged": False},
        "total": 6976.32,
        "patient_pays": 1395.26,
        "note": None,
    }
    extra = first["add_ons"][0]
    assert extra["code"] == "22512"
    assert extra["settings"][0]["facility"]["packaged"] is True
    assert extra["settings"][0]["facility"]["amount"] is None
    assert {source["file_name"] for source in costs["sources"]} >= {"PPRRVU2026_sample.csv"}
    assert costs["caveats"]


@pytest.mark.django_db
def test_procedure_page_listing_costs_in_constant_queries(
    client, cost_files, vertebroplasty_page, procedure_index, django_assert_max_num_queries
):
    url = "/api/v2/pages/?type=procedures.ProcedurePage&fields=medicare_costs"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        page = ProcedurePageFactory(parent=procedure_index)
        ProcedureBillingCode.objects.create(page=page, code=f"2251{number}", label="x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    items = response.json()["items"]
    assert len(items) == 6
    assert all(item["medicare_costs"]["year"] == 2026 for item in items)


@pytest.mark.django_db
def test_provider_items_have_medicare_costs_per_procedure(
    client, vertebroplasty_page, tmp_path, django_assert_max_num_queries
):
    import_volume(MEDICARE, tmp_path)
    doctor = ProviderFactory(npi="1990001012", state="TX")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    detail = client.get(f"/api/v2/providers/{doctor.pk}/").json()
    (item,) = detail["medicare_costs"]
    assert item["procedure"] == {"id": vertebroplasty_page.pk, "title": "Vertebroplasty"}
    assert (item["year"], item["suppressed"]) == (2023, False)
    figure = next(f for f in item["figures"] if f["code"] == "22510")
    assert figure["average_allowed_amount"] == 412.33
    assert figure["state_median_allowed_amount"] == 412.33
    assert figure["place_of_service"] == "F"

    url = "/api/v2/providers/?fields=medicare_costs"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        other = ProviderFactory(state="TX")
        ProviderProcedureFactory(provider=other, procedure=vertebroplasty_page)
    with django_assert_max_num_queries(len(one.captured_queries)):
        items = client.get(url).json()["items"]
    suppressed = [i for i in items if i["medicare_costs"] and i["medicare_costs"][0]["suppressed"]]
    assert len(suppressed) == 5
    assert "11 patients" in suppressed[0]["medicare_costs"][0]["note"]


@pytest.mark.django_db
def test_provider_costs_leave_out_private_procedures(client, vertebroplasty_page, tmp_path):
    from wagtail.models import PageViewRestriction

    import_volume(MEDICARE, tmp_path)
    doctor = ProviderFactory(npi="1990001012", state="TX")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    PageViewRestriction.objects.create(
        page=vertebroplasty_page, restriction_type="password", password="x"
    )
    assert client.get(f"/api/v2/providers/{doctor.pk}/").json()["medicare_costs"] == []
