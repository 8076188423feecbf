"""The procedure page's "What it costs with Medicare" section."""

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from costs.models import ProcedureBillingCode
from procedures.factories import ProcedurePageFactory

from .conftest import import_file
from .test_import_files import pprrvu_with

PAGE = "/procedures/vertebroplasty/"


def money(text, strong=False):
    """An amount as the templates write it (never broken across lines)."""
    html = f'<span class="amount">{text}</span>'
    return f"<strong>{html}</strong>" if strong else html


@pytest.mark.django_db
def test_section_shows_settings_totals_coinsurance_year_sources_and_caveats(
    client, cost_files, vertebroplasty_page
):
    html = client.get(PAGE).content.decode()
    assert 'id="medicare-costs-heading">What it costs with Medicare</h2>' in html
    assert "<caption>First bone, neck or upper back (code 22510), 2026</caption>" in html
    assert '<th scope="row">Hospital outpatient department</th>' in html
    assert money("$6,976.32", strong=True) in html  # $429.54 doctor + $6,546.78 hospital
    assert money("$1,395.26") in html  # 20%
    assert money("$4,283.66", strong=True) in html  # surgery center
    assert f"Doctor {money('$429.54')} + facility {money('$3,854.12')}" in html
    assert "Each extra bone (code 22512, billed once per extra level) adds" in html
    assert "PPRRVU2026_sample.csv" in html and "2026_Addendum_B_sample.csv" in html
    assert "not a quote" in html and "Medicare Advantage" in html
    assert "billing office" in html
    # No CPT descriptor text from CMS's files, only the editor's labels.
    assert "descriptor not stored" not in html and "sample row" not in html


@pytest.mark.django_db
def test_a_page_without_codes_or_data_shows_no_section(client, vertebroplasty_page):
    assert "What it costs with Medicare" not in client.get(PAGE).content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_codes(
    client, cost_files, vertebroplasty_page, procedure_index, django_assert_max_num_queries
):
    kypho = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    ProcedureBillingCode.objects.create(page=kypho, code="22513", label="First bone")
    client.get("/procedures/kyphoplasty/")  # warm per-process caches
    baseline = count_queries(client, "/procedures/kyphoplasty/")
    for order, code in enumerate(["22514", "22515", "0200T", "72292", "99070"], start=1):
        ProcedureBillingCode.objects.create(
            page=vertebroplasty_page, code=code, label="More", sort_order=10 + order
        )
    with django_assert_max_num_queries(baseline):
        client.get(PAGE)


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=300)
def test_an_import_shows_on_the_next_request(client, cost_files, vertebroplasty_page, tmp_path):
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    path, _ = pprrvu_with(tmp_path)
    text = path.read_text().replace(
        "22510,,(descriptor not stored: sample row),A,,8.05", "22510,,x,A,,9.05"
    )
    path.write_text(text)
    import_file("pprrvu", path, tmp_path=tmp_path)
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss"
    # (9.05 + 4.13 + 0.68) x 33.4009 = $462.94; + $6,546.78 = $7,009.72
    assert money("$7,009.72", strong=True) in response.content.decode()
