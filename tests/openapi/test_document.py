"""/api/v2/openapi.json is a valid OpenAPI 3.1 document of every endpoint, and
/api/v2/docs/ shows it without loading anything from another host."""

import re

import pytest
from openapi_spec_validator import validate

from django.test import Client

from wagtail import blocks

from cms.openapi.blocks import block_schema
from cms.openapi.document import document
from cms.openapi.errors import SchemaGap
from cms.openapi.fields import field_schema
from procedures.blocks import ArticleBodyBlock, ProcedureSectionsBlock
from procedures.models import ProcedurePage

ERROR_RESPONSES = {"400", "404", "429"}


@pytest.fixture
def served(client, db):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_served_document_is_valid_openapi_3_1(served):
    assert served["openapi"] == "3.1.0"
    validate(served)  # raises on any error against the OpenAPI 3.1 schema


def test_every_endpoint_is_documented(served):
    assert set(served["paths"]) == {
        "/api/v2/openapi.json",
        "/api/v2/docs/",
        *(f"/api/v2/{name}/" for name in ("pages", "images", "documents", "providers")),
        *(f"/api/v2/{name}/find/" for name in ("pages", "images", "documents", "providers")),
        *(f"/api/v2/{name}/{{id}}/" for name in ("pages", "images", "documents", "providers")),
        "/api/v2/providers/states/",
    }


def test_every_4xx_of_every_operation_is_the_error_shape(served):
    error = served["components"]["schemas"]["Error"]
    assert error["required"] == ["message", "errors"]
    assert error["properties"]["errors"]["additionalProperties"] == {"type": "string"}
    for name in ERROR_RESPONSES:
        content = served["components"]["responses"][name]["content"]
        assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    for path, methods in served["paths"].items():
        if path.endswith(("openapi.json", "docs/")):
            continue
        responses = methods["get"]["responses"]
        assert "400" in responses, path
        for status, response in responses.items():
            if status.startswith("4"):
                assert response == {"$ref": f"#/components/responses/{status}"}, (path, status)


def test_every_operation_documents_the_outage_answer(served):
    """A database outage is a 503 in the error shape with Retry-After (tests/test_unavailable.py
    shows the app sending it); an app generated from the document must expect it."""
    outage = served["components"]["responses"]["503"]
    assert outage["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "Retry-After" in outage["headers"]
    for path, methods in served["paths"].items():
        if path.endswith(("openapi.json", "docs/")):
            continue
        assert methods["get"]["responses"]["503"] == {"$ref": "#/components/responses/503"}, path


def branches(stream_schema):
    return {
        branch["properties"]["type"]["const"]: branch for branch in stream_schema["items"]["oneOf"]
    }


def test_each_section_block_type_has_a_precise_schema(served):
    item = served["components"]["schemas"]["PagesItem"]
    sections = branches(item["properties"]["sections"])
    assert set(sections) == set(ProcedureSectionsBlock.base_blocks)
    overview = sections["overview"]
    assert overview["required"] == ["type", "value", "id"]
    assert overview["additionalProperties"] is False
    value = overview["properties"]["value"]
    assert value["required"] == ["heading", "body", "image"]
    assert value["additionalProperties"] is False
    assert value["properties"]["heading"]["type"] == "string"
    assert value["properties"]["body"]["type"] == "string"
    assert value["properties"]["image"] == {
        "anyOf": [{"$ref": "#/components/schemas/BlockRendition"}, {"type": "null"}]
    }
    rendition = served["components"]["schemas"]["BlockRendition"]
    assert set(rendition["required"]) == {"url", "full_url", "width", "height", "alt", "caption"}
    callout = sections["callout"]["properties"]["value"]
    assert callout["properties"]["tone"]["enum"] == ["info", "warning", "urgent"]
    assert callout["properties"]["title"] == {"type": "string", "maxLength": 120}
    assert sections["quote"]["properties"]["value"]["properties"]["quote"]["maxLength"] == 600
    assert sections["faq_item"]["properties"]["value"]["required"] == ["question", "answer"]
    assert sections["image"]["properties"]["value"]["required"] == ["image"]
    body = branches(item["properties"]["body"])
    assert set(body) == set(ArticleBodyBlock.base_blocks)
    assert body["heading"]["properties"]["value"] == {"type": "string", "maxLength": 120}


def test_a_block_with_its_own_api_shape_and_none_declared_stops_the_generator():
    class Unknown(blocks.StructBlock):
        text = blocks.CharBlock()

        def get_api_representation(self, value, context=None):
            return {"something": "else"}

    with pytest.raises(SchemaGap, match="Unknown overrides get_api_representation"):
        block_schema(Unknown())


def test_a_serializer_field_with_no_declared_shape_stops_the_generator():
    from rest_framework.fields import Field

    class Mystery(Field):
        def to_representation(self, value):
            return value

    with pytest.raises(SchemaGap, match="declare its JSON"):
        field_schema(Mystery(source="*"), ProcedurePage, "mystery")


def test_the_generated_document_is_the_served_one(served):
    assert served == document()


@pytest.mark.django_db
def test_the_docs_page_lists_every_operation_and_loads_nothing_from_elsewhere(client, served):
    response = client.get("/api/v2/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path in served["paths"]:
        assert f"GET {path}" in html
    assert 'id="schema-Error"' in html
    assert "<script" not in html
    for url in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert url.startswith(("/", "#")), url  # no CDN: only this site's URLs


@pytest.mark.parametrize("path", ["/api/v2/openapi.json", "/api/v2/docs/"])
@pytest.mark.django_db
def test_the_contract_urls_refuse_other_methods_in_the_error_shape(path):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF 403 page
    response = client.post(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {"message": 'Method "POST" not allowed.', "errors": {}}
