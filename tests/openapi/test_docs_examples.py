"""The `curl` examples of docs/api.md work: each URL answers as the text says."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
CURL_URL = re.compile(r"curl -s '?(http://127\.0\.0\.1:8000/[^' `]+)'?")


def examples():
    return CURL_URL.findall(API_DOC.read_text(encoding="utf-8"))


def test_the_guide_has_examples_for_the_contract_errors_and_ranking():
    paths = [urlsplit(url).path for url in examples()]
    assert "/api/v2/openapi.json" in paths
    assert "/api/v2/providers/" in paths


@pytest.mark.parametrize("url", examples())
@pytest.mark.django_db
def test_each_curl_example_answers_json(client, api_content, url):
    parts = urlsplit(url)
    response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    body = response.json()
    if "state=ZZ" in parts.query:  # the error example
        assert response.status_code == 400
        assert body["errors"] == {"state": "Unknown state ZZ: use a USPS code such as TX or DC"}
    elif "offset=9223372036854775808" in parts.query:  # v3's error example
        assert response.status_code == 400
        assert body["errors"][0]["loc"] == ["query", "offset"]
    elif "locale=xx" in parts.query:  # v3's language error example
        assert response.status_code == 400
        assert body["errors"][0]["loc"] == ["query", "locale"]
    else:
        assert response.status_code == 200, body
    if "locale=es" in parts.query:  # the Spanish pages example
        assert body["items"]
        assert {item["meta"]["locale"] for item in body["items"]} == {"es"}
    if "procedure=" in parts.query and response.status_code == 200:
        assert body["meta"]["ranking"]["order"] == "default"
        assert all(item["procedure_basis"]["basis"] for item in body["items"])
