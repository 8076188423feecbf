"""/api/v3/openapi.json: valid OpenAPI, only what the site serves, and StreamFields
with the block schemas v2 publishes (not Wagtail 8.0.1's opaque `items: {}`)."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from procedures.models import ArticlePage, ProcedurePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def validator(document, name):
    """Validates an instance against a component schema, with the document's $refs."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(schema)


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_the_document_lists_only_read_operations_and_no_snippets(document):
    methods = {method for operations in document["paths"].values() for method in operations}
    assert methods == {"get"}
    assert "/api/v3/pages/{page_id}/revisions/{revision_id}/" in document["paths"]
    assert not [path for path in document["paths"] if "/snippets/" in path]
    assert not [name for name in document["components"]["schemas"] if "Provider" in name]


@pytest.mark.parametrize(("model", "field"), [(ProcedurePage, "sections"), (ArticlePage, "body")])
def test_streamfields_name_each_block_type(document, model, field):
    schema = document["components"]["schemas"][f"{model.__name__}Schema"]["properties"][field]
    assert schema["type"] == "array"
    types = [branch["properties"]["type"]["const"] for branch in schema["items"]["oneOf"]]
    assert types == list(model._meta.get_field(field).stream_block.child_blocks)


def test_schema_discovery_publishes_the_same_sections(client, document, bearer):
    read = client.get("/api/v3/schema/procedures.ProcedurePage/", **bearer).json()["read"]
    component = document["components"]["schemas"]["ProcedurePageSchema"]
    assert read["properties"]["sections"]["items"] == component["properties"]["sections"]["items"]


def test_a_draft_response_matches_the_document(client, document, procedure, bearer):
    body = client.get(f"/api/v3/pages/{procedure.pk}/?version=draft", **bearer).json()
    errors = list(validator(document, "ProcedurePageSchema").iter_errors(body))
    assert errors == []
    # The schema is not vacuous: a section of an unknown type is refused.
    body["sections"].append({"type": "nope", "value": {}, "id": "x"})
    assert list(validator(document, "ProcedurePageSchema").iter_errors(body))


def test_the_docs_page_loads_its_scripts_from_the_site(client):
    """Swagger UI from django-ninja's static files: the CSP allows only 'self'."""
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"].replace('"', "'")


def test_limit_and_offset_are_documented_with_their_maximums(document, settings):
    bounds = {
        parameter["name"]: parameter["schema"].get("maximum")
        for operations in document["paths"].values()
        for parameter in operations["get"].get("parameters", ())
        if parameter["name"] in ("limit", "offset")
    }
    assert bounds == {"limit": settings.WAGTAILAPI_LIMIT_MAX, "offset": settings.API_OFFSET_MAX}


def test_every_error_is_documented_as_a_problem_detail(client, document, procedure):
    for operations in document["paths"].values():
        for status in ("4XX", "5XX"):
            content = operations["get"]["responses"][status]["content"]
            assert content == {
                "application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/ProblemDetail"}
                }
            }
    for url in ("/api/v3/pages/?offset=99999", "/api/v3/whoami/", "/api/v3/pages/?limit=x"):
        body = client.get(url).json()
        assert list(validator(document, "ProblemDetail").iter_errors(body)) == []
    assert list(validator(document, "ProblemDetail").iter_errors({"message": "v2's shape"}))
