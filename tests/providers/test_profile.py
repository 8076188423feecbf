"""Provider profile pages at /doctors/<npi>-<name>/ with schema.org JSON-LD."""

import pytest
from bs4 import BeautifulSoup

from providers.choices import LinkBasis
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.models import Language
from tests.jsonld import node


@pytest.fixture
def doctor(vertebroplasty, radiology, spine_surgery):
    provider = ProviderFactory(
        npi="1234567893",
        first_name="Jane",
        middle_name="Q",
        last_name="Sample",
        credential="MD",
        address_line_1="100 Main St",
        address_line_2="Suite 2",
        city="Austin",
        state="TX",
        zip_code="78701-1234",
        phone="5125550123",
        primary_specialty=radiology,
        specialties=[spine_surgery],
        accepting_new_patients=True,
        languages=[Language.objects.get(code="es")],
    )
    ProviderProcedureFactory(
        provider=provider,
        procedure=vertebroplasty,
        basis=LinkBasis.VOLUME,
        annual_volume=120,
        volume_year=2023,
        volume_source="Medicare",
    )
    return provider


def jsonld(response):
    """The profile's IndividualPhysician node."""
    return node(response.content, "IndividualPhysician")


@pytest.mark.django_db
def test_profile_shows_specialties_procedures_and_practice(client, doctor):
    response = client.get("/doctors/1234567893-jane-q-sample/")
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    for expected in [
        "Jane Q Sample, MD",
        "Vascular & Interventional Radiology Physician",
        "Orthopaedic Surgery of the Spine Physician",
        "Vertebroplasty — \u2248120 a year, Medicare 2023",
        "100 Main St",
        "Austin, TX 78701-1234",
        "(512) 555-0123",
        "Spanish",
        "Accepting",
    ]:
        assert expected in text


@pytest.mark.django_db
def test_profile_jsonld_is_an_individual_physician_with_the_required_fields(client, doctor):
    data = jsonld(client.get("/doctors/1234567893-jane-q-sample/"))
    assert data["@type"] == "IndividualPhysician"
    assert data["usNPI"] == "1234567893"
    assert data["telephone"] == "(512) 555-0123"
    assert data["isAcceptingNewPatients"] is True
    assert data["medicalSpecialty"] == [
        "Vascular & Interventional Radiology Physician",
        "Orthopaedic Surgery of the Spine Physician",
    ]
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "100 Main St, Suite 2",
        "addressLocality": "Austin",
        "addressRegion": "TX",
        "postalCode": "78701-1234",
        "addressCountry": "US",
    }
    assert data["url"] == "http://testserver/doctors/1234567893-jane-q-sample/"


@pytest.mark.django_db
def test_jsonld_cannot_break_out_of_its_script_tag(client, doctor):
    doctor.last_name = "</script><script>alert(1)</script>"
    doctor.save()
    response = client.get(doctor.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content
    assert jsonld(response)["familyName"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_old_or_missing_slug_redirects_to_the_current_one(client, doctor):
    for old in [
        "/doctors/1234567893-jane-sample/",
        "/doctors/1234567893/",
        "/doctors/1234567893-/",
    ]:
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/doctors/1234567893-jane-q-sample/"


@pytest.mark.django_db
def test_unpublished_provider_has_no_profile(client, doctor):
    doctor.live = False
    doctor.save()
    assert client.get("/doctors/1234567893-jane-q-sample/").status_code == 404
    assert client.get("/doctors/1234567890-nobody/").status_code == 404
