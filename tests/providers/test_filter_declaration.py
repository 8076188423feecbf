"""The directory's filters are declared once (`providers.filters.FILTERS`): the API's
parameters, its 400 messages, the OpenAPI document and the state page's form all come
from that declaration, and a list is counted by a named strategy."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import Promise

from cms.openapi.document import document
from providers.api import ProvidersAPIViewSet
from providers.choices import LinkBasis
from providers.directory_query import EXACT, CappedCount, DirectoryQuery, Total
from providers.factories import ProviderFactory
from providers.filters import (
    FILTERS,
    ORDER_EXPLANATIONS,
    ORDER_LABELS,
    STATE_PAGE_FILTERS,
    ProviderFilterForm,
    StatePageFilterForm,
)

from .test_api import LIST, get, linked, npis

TEXAS = "/procedures/vertebroplasty/doctors/texas/"


def test_every_declared_filter_is_an_api_parameter_and_a_field_of_the_api_form():
    names = [spec.name for spec in FILTERS]
    assert list(ProviderFilterForm.base_fields) == names
    assert set(names) <= ProvidersAPIViewSet.known_query_parameters
    assert list(StatePageFilterForm.base_fields) == [n for n in names if n in STATE_PAGE_FILTERS]


@pytest.mark.django_db
def test_the_api_document_describes_each_filter_as_declared():
    operation = document()["paths"]["/api/v2/providers/"]["get"]
    documented = {p["name"]: p for p in operation["parameters"]}
    for spec in FILTERS:
        assert documented[spec.name]["schema"] == spec.schema
        assert documented[spec.name]["description"] == str(spec.field.help_text)
        assert documented[spec.name]["description"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("specialty", "nope", "Unknown specialty NOPE"),
        ("language", "KL", "Unknown language kl"),
        ("accepting_new_patients", "maybe", "Use true or false (got maybe)"),
        ("order", "best", "Unknown order best: use default, name or -years_in_practice"),
        ("search", "x" * 101, "at most 100 characters"),
    ],
)
@pytest.mark.django_db
def test_a_bad_value_is_the_same_message_on_the_state_page_and_in_the_api(
    client, vertebroplasty, name, value, message
):
    linked(vertebroplasty)
    api = get(client, f"{LIST}?{name}={value}", status=400)
    assert api["message"].startswith(f"{name}: ")
    assert message in api["errors"][name]
    html = BeautifulSoup(client.get(TEXAS, {name: value}).content, "html.parser")
    errors = [p.get_text() for p in html.select(".field-error")]
    assert any(message in error for error in errors), errors


@pytest.mark.django_db
def test_the_state_page_offers_every_state_page_filter_with_its_declared_label(
    client, vertebroplasty
):
    linked(vertebroplasty)
    html = BeautifulSoup(client.get(TEXAS).content, "html.parser")
    form = html.select_one("form.filters")
    for spec in FILTERS:
        control = form.select_one(f'[name="{spec.name}"]')
        if not spec.on_state_page:
            assert control is None, spec.name
            continue
        label = form.select_one(f'label[for="{control["id"]}"]')
        assert label.get_text(strip=True) == str(spec.field.label), spec.name
    orders = [option["value"] for option in form.select('select[name="order"] option')]
    assert orders == list(ORDER_EXPLANATIONS)


def test_every_label_a_visitor_reads_is_a_translation():
    """Looked up in the active language when the page is rendered (gettext_lazy), so a
    second language is a catalog, not code."""
    for spec in FILTERS:
        assert isinstance(spec.field.label, Promise), spec.name
    for label in ORDER_LABELS.values():
        assert isinstance(label, Promise)


@pytest.mark.django_db
def test_a_searched_and_reordered_state_page_lists_and_explains_that_order(client, vertebroplasty):
    young = linked(vertebroplasty, LinkBasis.VERIFIED, last_name="Smithson", years_in_practice=2)
    old = linked(vertebroplasty, LinkBasis.SPECIALTY, last_name="Smith", years_in_practice=30)
    linked(vertebroplasty, LinkBasis.VERIFIED, last_name="Jones", years_in_practice=40)
    html = BeautifulSoup(
        client.get(TEXAS, {"search": "smith", "order": "-years_in_practice"}).content,
        "html.parser",
    )
    names = [a.get_text(strip=True) for a in html.select(".provider-card__name a")]
    assert [name.split()[1].rstrip(",") for name in names] == [old.last_name, young.last_name]
    explanation = html.select_one(".ranking-explanation").get_text(strip=True)
    assert explanation == ORDER_EXPLANATIONS["-years_in_practice"]
    assert html.select_one("#id_search")["value"] == "smith"
    assert html.select_one("#id_order option[selected]")["value"] == "-years_in_practice"
    assert "2 doctors match your filters" in html.select_one(".result-count").get_text()
    # A searched list is canonical to the state's whole list.
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith(TEXAS)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "query", ["?search=smith&order=name", "?search=smith+jo&order=-years_in_practice&page=2"]
)
@pytest.mark.django_db
def test_a_searched_state_page_runs_the_same_queries_for_10_and_60_providers(
    client, vertebroplasty, django_assert_max_num_queries, query
):
    def add(n):
        for i in range(n):
            linked(vertebroplasty, last_name="Smith", first_name=f"Jo{i}")

    add(10)
    client.get(TEXAS + query)
    baseline = count_queries(client, TEXAS + query)
    add(50)
    with django_assert_max_num_queries(baseline):
        client.get(TEXAS + query)


@pytest.mark.django_db
def test_count_strategies_count_exactly_or_up_to_the_cap(vertebroplasty):
    for _ in range(4):
        ProviderFactory(state="OH")
    query = DirectoryQuery({"state": "OH"})
    assert query.total(EXACT) == Total(4, capped=False)
    assert query.total(CappedCount(4)) == Total(4, capped=False)
    assert query.total(CappedCount(3)) == Total(3, capped=True)


@pytest.mark.django_db
def test_a_procedures_whole_list_is_counted_from_the_summary(
    vertebroplasty, django_assert_num_queries
):
    for state in ("TX", "TX", "OH"):
        linked(vertebroplasty, state=state)
    query = DirectoryQuery({"procedure": vertebroplasty, "state": "TX"})
    with django_assert_num_queries(1):  # the summary, whatever the strategy
        assert query.total(CappedCount(1)) == Total(2, capped=False)
        assert query.state_counts() == {"TX": 2, "OH": 1}


def test_a_name_the_declaration_lacks_is_refused():
    with pytest.raises(TypeError, match="city"):
        DirectoryQuery({"city": "Austin"})


@pytest.mark.django_db
def test_the_api_and_a_query_built_from_its_form_agree(client, vertebroplasty, radiology):
    for index in range(5):
        linked(vertebroplasty, primary_specialty=radiology, years_in_practice=index)
    data = {"procedure": "vertebroplasty", "specialty": radiology.code, "order": "name"}
    form = ProviderFilterForm(data)
    assert form.is_valid()
    query = DirectoryQuery(form.cleaned_data)
    listed = [provider.npi for provider in query.page(1, 4)]
    api = get(client, f"{LIST}?procedure=vertebroplasty&specialty={radiology.code}&order=name")
    assert npis(api)[1:4] == listed
