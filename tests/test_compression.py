"""Pages and API answers are gzip-compressed for clients that accept it."""

import gzip
import json

import pytest

from procedures.factories import ProcedurePageFactory


@pytest.fixture
def procedure(procedure_index):
    return ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/procedures/vertebroplasty/", "/api/v2/pages/?fields=*"])
def test_responses_are_compressed_for_clients_that_accept_gzip(client, procedure, path):
    plain = client.get(path)
    compressed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    body = gzip.decompress(compressed.content)
    assert len(compressed.content) < len(body) / 2
    if path.startswith("/api/"):
        assert json.loads(body) == plain.json()
    else:
        assert body == plain.content
    # The validator is the same, so a revalidation still answers 304.
    assert compressed["ETag"] == plain["ETag"]
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert again.status_code == 304
