"""The document cannot drift from the code silently.

`cms.openapi.drift.drift` compares a document with the endpoints, parameters, fields
and block types the code serves; real responses are validated against it, and every
field it documents must appear in some response. Each check is shown failing on a
mutated copy of the document, or on code given a field or parameter the document
does not have.
"""

import copy

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from wagtail.api import APIField

from cms.openapi.document import document
from cms.openapi.drift import drift
from procedures.models import ProcedurePage
from providers.api import ProvidersAPIViewSet

DOCUMENT_URI = "urn:cms:openapi"

# Real requests and the component each response must match. `fields=*` asks for every
# field, so every documented field is seen (`test_every_documented_field_is_sent`).
LISTINGS = {
    "/api/v2/pages/?fields=*": "PagesListing",
    "/api/v2/pages/?type=procedures.ProcedurePage&fields=*": "PagesListing",
    "/api/v2/pages/?type=procedures.ArticlePage&fields=*": "PagesListing",
    "/api/v2/pages/?type=procedures.ProcedureIndexPage&fields=*": "PagesListing",
    "/api/v2/pages/?type=home.HomePage&fields=*": "PagesListing",
    "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary,sections&limit=20": "PagesListing",
    "/api/v2/pages/?type=procedures.ArticlePage&rich_text_format=markdown&fields=*": "PagesListing",
    "/api/v2/images/?fields=*": "ImagesListing",
    "/api/v2/documents/?fields=*": "DocumentsListing",
    "/api/v2/providers/?fields=*": "ProvidersListing",
    "/api/v2/providers/?procedure=vertebroplasty": "ProvidersListing",
    "/api/v2/providers/?procedure=vertebroplasty&state=FL&fields=*": "ProvidersListing",
    "/api/v2/providers/?search=smith&order=-years_in_practice": "ProvidersListing",
    "/api/v2/providers/states/?procedure=vertebroplasty": "ProviderStateCounts",
    "/api/v2/pages/?bogus=1": "Error",
    "/api/v2/providers/?state=ZZ": "Error",
    "/api/v2/pages/999999/": "Error",
}


def check(document_, schema_name, data):
    """What in `data` the document's component `schema_name` does not allow."""
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document_, default_specification=DRAFT202012)
    )
    schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema_name}"}
    validator = Draft202012Validator(schema, registry=registry)
    return [
        f"/{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]


def detail_urls(client):
    """Each endpoint's first item in full, and each page type's."""
    urls = {}
    for endpoint in ("images", "documents", "providers"):
        first = client.get(f"/api/v2/{endpoint}/").json()["items"][0]
        urls[f"/api/v2/{endpoint}/{first['id']}/?fields=*"] = endpoint.capitalize() + "Item"
    for item in client.get("/api/v2/pages/?limit=100").json()["items"]:
        urls[f"/api/v2/pages/{item['id']}/?fields=*"] = "PagesItem"
    return urls


@pytest.fixture
def responses(client, api_content):
    """{url: (component, JSON)} for real responses of every endpoint."""
    urls = {**LISTINGS, **detail_urls(client)}
    found = {}
    for url, schema_name in urls.items():
        response = client.get(url)
        assert response.status_code < 500, url
        found[url] = (schema_name, response.json())
    return found


def test_the_document_matches_the_code():
    assert drift(document()) == []


@pytest.mark.django_db
def test_real_responses_match_the_document(responses):
    doc = document()
    problems = {url: check(doc, name, data) for url, (name, data) in responses.items()}
    assert {url: found for url, found in problems.items() if found} == {}


def seen_keys(value, prefix, keys):
    """Every key path in a JSON value (list items collapsed)."""
    if isinstance(value, dict):
        for key, child in value.items():
            keys.add(f"{prefix}.{key}")
            seen_keys(child, f"{prefix}.{key}", keys)
    elif isinstance(value, list):
        for child in value:
            seen_keys(child, prefix, keys)
    return keys


@pytest.mark.django_db
def test_every_documented_field_is_sent(responses):
    """The other way round: a field the document promises appears in a real response."""
    doc = document()
    sent = set()
    for name, data in responses.values():
        if name.endswith("Item"):
            seen_keys(data, name, sent)
        elif name.endswith("Listing"):
            for item in data["items"]:
                seen_keys(item, name.replace("Listing", "Item"), sent)
    for endpoint in ("Pages", "Images", "Documents", "Providers"):
        item = doc["components"]["schemas"][f"{endpoint}Item"]["properties"]
        documented = {f"{endpoint}Item.{name}" for name in item}
        documented |= {f"{endpoint}Item.meta.{name}" for name in item["meta"]["properties"]}
        assert documented - sent == set(), endpoint


# The checks fail on a document that differs from the code.


def test_drift_reports_a_parameter_missing_from_the_document():
    mutated = copy.deepcopy(document())
    parameters = mutated["paths"]["/api/v2/providers/"]["get"]["parameters"]
    parameters[:] = [p for p in parameters if p["name"] != "telehealth"]
    assert drift(mutated) == [
        "/api/v2/providers/ parameter telehealth is served but not documented"
    ]


def test_drift_reports_a_documented_field_the_code_does_not_send():
    mutated = copy.deepcopy(document())
    mutated["components"]["schemas"]["PagesItem"]["properties"]["rating"] = {"type": "number"}
    mutated["components"]["schemas"]["ProvidersItem"]["properties"]["meta"]["properties"].pop(
        "profile_url"
    )
    assert drift(mutated) == [
        "pages field rating is documented but not served",
        "providers meta field profile_url is served but not documented",
    ]


def test_drift_reports_endpoints_and_block_types_both_ways():
    mutated = copy.deepcopy(document())
    mutated["paths"].pop("/api/v2/providers/states/")
    mutated["paths"]["/api/v2/providers/near/"] = {"get": {"responses": {}}}
    sections = mutated["components"]["schemas"]["PagesItem"]["properties"]["sections"]
    sections["items"]["oneOf"] = [
        branch
        for branch in sections["items"]["oneOf"]
        if branch["properties"]["type"]["const"] != "risks"
    ]
    assert drift(mutated) == [
        "endpoint /api/v2/providers/states/ is served but not documented",
        "endpoint /api/v2/providers/near/ is documented but not served",
        "pages sections block type risks is served but not documented",
    ]


def test_drift_reports_a_field_and_a_parameter_added_to_the_code(monkeypatch):
    doc = document()  # as generated before the code changed
    monkeypatch.setattr(
        ProcedurePage, "api_fields", [*ProcedurePage.api_fields, APIField("draft_title")]
    )
    monkeypatch.setattr(
        ProvidersAPIViewSet,
        "known_query_parameters",
        ProvidersAPIViewSet.known_query_parameters | {"near"},
    )
    assert drift(doc) == [
        # A page field is also a filter of the pages list (Wagtail's field filters).
        "/api/v2/pages/ parameter draft_title is served but not documented",
        "/api/v2/providers/ parameter near is served but not documented",
        "pages field draft_title is served but not documented",
    ]


@pytest.mark.django_db
def test_a_response_with_an_undocumented_key_or_value_fails_validation(responses):
    name, data = responses["/api/v2/providers/?procedure=vertebroplasty"]
    data["items"][0]["rating"] = 5
    data["items"][1]["procedure_basis"]["basis"] = "sponsored"
    del data["meta"]["total_count"]
    problems = check(document(), name, data)
    assert "/meta: 'total_count' is a required property" in problems
    assert "/items/0: Additional properties are not allowed ('rating' was unexpected)" in problems
    assert any(problem.startswith("/items/1/procedure_basis: ") for problem in problems)
    assert len(problems) == 3
