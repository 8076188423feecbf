"""Imported names and cities in proper case on pages; as imported in the API and search."""

import pytest
from bs4 import BeautifulSoup

from providers.factories import ProviderFactory
from providers.names import proper_case
from tests.jsonld import node


@pytest.mark.parametrize(
    ("imported", "shown"),
    [
        ("ELENA DUMMYFIELD", "Elena Dummyfield"),
        ("MCDONALD", "McDonald"),
        ("MCALLEN", "McAllen"),
        ("MACDONALD", "MacDonald"),
        ("MACKENZIE-SMITH", "MacKenzie-Smith"),
        # Not Scottish: no capital after "Mac".
        ("MACHADO", "Machado"),
        ("MACIAS", "Macias"),
        ("MACK", "Mack"),
        ("MACON", "Macon"),
        ("O'BRIEN", "O'Brien"),
        ("D'ANGELO", "D'Angelo"),
        ("SMITH-JONES", "Smith-Jones"),
        ("JOHN Q PUBLIC III", "John Q Public III"),
        ("SAN JUAN", "San Juan"),
        ("ST. LOUIS", "St. Louis"),
        ("WINSTON-SALEM", "Winston-Salem"),
        # Typed by an editor: left as typed.
        ("deBakey", "deBakey"),
        ("Van der Berg", "Van der Berg"),
        ("", ""),
    ],
)
def test_proper_case(imported, shown):
    assert proper_case(imported) == shown


@pytest.fixture
def imported(db):
    return ProviderFactory(
        npi="1234567893",
        first_name="ELENA",
        middle_name="M",
        last_name="MCDUMMYFIELD",
        credential="M.D.",
        city="SAN JUAN",
        state="PR",
    )


def test_pages_show_imported_names_in_proper_case(client, imported):
    response = client.get(imported.get_absolute_url())
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text(strip=True) == "Elena M McDummyfield, M.D."
    assert "San Juan, PR" in html.get_text(" ")
    assert "MCDUMMYFIELD" not in html.get_text(" ")
    jsonld = node(response.content, "IndividualPhysician")
    assert jsonld["name"] == "Elena M McDummyfield, M.D."
    assert jsonld["familyName"] == "McDummyfield"
    assert jsonld["address"]["addressLocality"] == "San Juan"


def test_the_api_and_search_keep_the_name_as_imported(client, imported):
    found = client.get("/api/v2/providers/?search=mcdummyfield").json()
    assert [item["display_name"] for item in found["items"]] == ["ELENA M MCDUMMYFIELD, M.D."]
    detail = client.get(f"/api/v2/providers/{imported.pk}/").json()
    assert detail["practice_location"]["city"] == "SAN JUAN"
