import pytest

from django.contrib.auth import get_user_model

from procedures.factories import ProcedurePageFactory
from providers.factories import SpecialtyFactory


@pytest.fixture
def radiology(db):
    return SpecialtyFactory(
        code="2085R0204X",
        classification="Radiology",
        specialization="Vascular & Interventional Radiology",
        display_name="Vascular & Interventional Radiology Physician",
    )


@pytest.fixture
def spine_surgery(db):
    return SpecialtyFactory(
        code="207XS0117X",
        classification="Orthopaedic Surgery",
        specialization="Orthopaedic Surgery of the Spine",
        display_name="Orthopaedic Surgery of the Spine Physician",
    )


@pytest.fixture
def vertebroplasty(procedure_index):
    return ProcedurePageFactory(
        parent=procedure_index,
        title="Vertebroplasty",
        slug="vertebroplasty",
        procedure_codes="22510, 22511, 22512",
    )


@pytest.fixture
def kyphoplasty(procedure_index):
    return ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")


@pytest.fixture
def admin_client(client, db):
    """A logged-in superuser, as an editor uses the admin."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
