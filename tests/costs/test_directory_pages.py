"""Costs on the directory's pages: the state page's range and the profile's averages."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from costs.models import ProcedureBillingCode
from procedures.factories import ProcedurePageFactory
from providers.factories import ProviderFactory, ProviderProcedureFactory

from .test_import_by_provider import MEDICARE, import_volume
from .test_procedure_page import money


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_state_page_shows_the_range_across_the_states_localities(
    client, cost_files, vertebroplasty_page
):
    html = client.get("/procedures/vertebroplasty/doctors/texas/").content.decode()
    assert "What Medicare pays the doctor in Texas" in html
    # 22510 across the five Texas localities of the sample GPCI file (tests/costs/test_figures)
    assert f"{money('$416.75')} to {money('$429.62')}" in html
    assert f"{money('$1,534.70')} to {money('$1,673.79')}" in html
    assert "GPCI2026_sample.csv" in html
    # A state with no locality in the file shows no section.
    html = client.get("/procedures/vertebroplasty/doctors/wyoming/").content.decode()
    assert "What Medicare pays the doctor" not in html


@pytest.mark.django_db
def test_state_page_query_count_does_not_grow_with_codes(
    client, cost_files, vertebroplasty_page, procedure_index, django_assert_max_num_queries
):
    kypho = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    ProcedureBillingCode.objects.create(page=kypho, code="22513", label="First bone")
    client.get("/procedures/kyphoplasty/doctors/texas/")
    baseline = count_queries(client, "/procedures/kyphoplasty/doctors/texas/")
    for order, code in enumerate(["22514", "22515", "0200T"], start=1):
        ProcedureBillingCode.objects.create(
            page=vertebroplasty_page, code=code, label="More", sort_order=10 + order
        )
    with django_assert_max_num_queries(baseline):
        client.get("/procedures/vertebroplasty/doctors/texas/")


@pytest.mark.django_db
def test_profile_shows_the_doctors_averages_beside_the_state_median_or_why_not(
    client, vertebroplasty_page, procedure_index, tmp_path
):
    import_volume(MEDICARE, tmp_path)
    doctor = ProviderFactory(npi="1990001012", state="TX", first_name="Alice", last_name="Test")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    html = client.get(doctor.get_absolute_url()).content.decode()
    assert 'id="medicare-doctor-heading"' in html
    assert "<caption>Vertebroplasty, 2023</caption>" in html
    assert "First bone, neck or upper back (22510), facility" in html
    assert f"{money('$412.33')} a service" in html
    assert f"{money('$412.33')}<span" in html  # TX median of 412.33 and 412.33
    assert "14 services" in html
    other = ProviderFactory(state="TX")
    ProviderProcedureFactory(provider=other, procedure=vertebroplasty_page)
    html = client.get(other.get_absolute_url()).content.decode()
    assert "CMS leaves out counts under 11 patients" in html


@pytest.mark.django_db
def test_profile_query_count_does_not_grow_with_procedures(
    client, vertebroplasty_page, procedure_index, tmp_path, django_assert_max_num_queries
):
    import_volume(MEDICARE, tmp_path)
    doctor = ProviderFactory(npi="1990001012", state="TX")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    client.get(doctor.get_absolute_url())
    baseline = count_queries(client, doctor.get_absolute_url())
    for number in range(4):
        page = ProcedurePageFactory(parent=procedure_index, procedure_codes=f"2251{number}")
        ProcedureBillingCode.objects.create(page=page, code=f"2251{number}", label="x")
        ProviderProcedureFactory(provider=doctor, procedure=page)
    with django_assert_max_num_queries(baseline):
        client.get(doctor.get_absolute_url())
