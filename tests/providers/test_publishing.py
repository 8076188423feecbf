"""Only publishing changes what the public sees of a provider, through the real admin views.

A live provider's draft lives in a revision until it is published; the directory's
denormalised copies (the ranked links, the map's counts) must not move before that.
"""

import pytest

from django.urls import reverse

from providers.choices import LinkBasis
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.models import ProcedureStateCount, ProviderProcedure, VerifiedProcedure

from .forms import provider_form

TEXAS = "/procedures/vertebroplasty/doctors/texas/"
ALASKA = "/procedures/vertebroplasty/doctors/alaska/"


def edit_url(provider):
    return reverse("wagtailsnippets_providers_provider:edit", args=[provider.pk])


def counts(procedure):
    return dict(
        ProcedureStateCount.objects.filter(procedure=procedure).values_list("state", "providers")
    )


def api_npis(client, query):
    response = client.get(f"/api/v2/providers/?procedure=vertebroplasty&{query}")
    assert response.status_code == 200, response.content
    return [item["npi"] for item in response.json()["items"]]


@pytest.fixture
def texan(vertebroplasty):
    """A live Texan doctor with a billing-volume link to Vertebroplasty, as imports make."""
    provider = ProviderFactory(
        npi="1234567893",
        first_name="Jane",
        last_name="Sample",
        state="TX",
        city="Austin",
        zip_code="78701",
        years_in_practice=4,
        board_certified=False,
    )
    ProviderProcedureFactory(
        provider=provider, procedure=vertebroplasty, basis=LinkBasis.VOLUME, annual_volume=12
    )
    return provider


MOVED_TO_ALASKA = {
    "state": "AK",
    "city": "Juneau",
    "zip_code": "99801",
    "first_name": "Janet",
    "years_in_practice": "31",
    "board_certified": "true",
    "board_certification": "American Board of Radiology",
}


@pytest.mark.django_db
def test_saving_a_draft_of_a_live_provider_changes_nothing_public(
    admin_client, client, vertebroplasty, texan
):
    before = list(ProviderProcedure.objects.values())
    response = admin_client.post(edit_url(texan), provider_form(**MOVED_TO_ALASKA))
    assert response.status_code == 302  # "Save draft"
    texan.refresh_from_db()
    assert texan.has_unpublished_changes and texan.state == "TX"

    # The links (state, ranking inputs, name) and the map's counts are untouched...
    assert list(ProviderProcedure.objects.values()) == before
    assert counts(vertebroplasty) == {"TX": 1}
    # ...and so is every public view of them.
    assert "Jane Sample" in client.get(TEXAS).content.decode()
    assert "Janet" not in client.get(ALASKA).content.decode()
    assert api_npis(client, "state=AK") == []
    assert api_npis(client, "state=TX") == [texan.npi]
    profile = client.get(texan.get_absolute_url()).content.decode()
    assert "Austin" in profile and "Juneau" not in profile


@pytest.mark.django_db
def test_publishing_the_draft_moves_the_provider_everywhere(
    admin_client, client, vertebroplasty, texan
):
    admin_client.post(edit_url(texan), provider_form(**MOVED_TO_ALASKA))
    response = admin_client.post(
        edit_url(texan), {**provider_form(**MOVED_TO_ALASKA), "action-publish": "publish"}
    )
    assert response.status_code == 302
    link = ProviderProcedure.objects.get(provider=texan)
    assert (link.state, link.years_in_practice, link.board_certified, link.sort_name) == (
        "AK",
        31,
        True,
        "sample janet",
    )
    assert counts(vertebroplasty) == {"AK": 1}
    assert "Janet Sample" in client.get(ALASKA).content.decode()
    assert api_npis(client, "state=AK") == [texan.npi]
    assert api_npis(client, "state=TX") == []


@pytest.mark.django_db
def test_unpublishing_removes_the_provider_from_every_public_list(
    admin_client, client, vertebroplasty, texan
):
    response = admin_client.post(
        reverse("wagtailsnippets_providers_provider:unpublish", args=[texan.pk])
    )
    assert response.status_code == 302
    assert counts(vertebroplasty) == {}
    assert "Jane Sample" not in client.get(TEXAS).content.decode()
    assert api_npis(client, "state=TX") == []
    assert client.get(texan.get_absolute_url()).status_code == 404


def verified_row(procedure, **overrides):
    return {
        "procedure": procedure.pk,
        "verified_on": "2026-10-01",
        "source": "Confirmed with the practice by phone",
        "source_url": "",
        **overrides,
    }


@pytest.mark.django_db
def test_editor_verifies_a_procedure_and_the_doctor_ranks_first_once_published(
    admin_client, client, vertebroplasty, texan
):
    busier = ProviderFactory(last_name="Busier", state="TX")
    ProviderProcedureFactory(
        provider=busier, procedure=vertebroplasty, basis=LinkBasis.VOLUME, annual_volume=400
    )
    form = provider_form(verified=[verified_row(vertebroplasty)])

    admin_client.post(edit_url(texan), form)  # a draft: nothing public yet
    assert ProviderProcedure.objects.get(provider=texan).basis == LinkBasis.VOLUME
    assert not VerifiedProcedure.objects.exists()  # the row waits in the revision

    response = admin_client.post(edit_url(texan), {**form, "action-publish": "publish"})
    assert response.status_code == 302
    link = ProviderProcedure.objects.get(provider=texan)
    assert (link.basis, str(link.verified_on), link.verification_source, link.annual_volume) == (
        LinkBasis.VERIFIED,
        "2026-10-01",
        "Confirmed with the practice by phone",
        12,  # the billing volume is kept
    )
    assert api_npis(client, "state=TX") == [texan.npi, busier.npi]  # verified ranks first
    item = client.get("/api/v2/providers/?procedure=vertebroplasty&fields=procedures").json()
    procedures = {i["npi"]: i["procedures"] for i in item["items"]}[texan.npi]
    assert procedures[0]["basis"] == "verified"
    assert procedures[0]["verification_source"] == "Confirmed with the practice by phone"


@pytest.mark.django_db
def test_removing_a_verification_drops_the_link_back_to_what_the_data_says(
    admin_client, vertebroplasty, kyphoplasty, texan
):
    rows = [verified_row(vertebroplasty), verified_row(kyphoplasty)]
    admin_client.post(
        edit_url(texan), {**provider_form(verified=rows), "action-publish": "publish"}
    )
    assert dict(ProviderProcedure.objects.values_list("procedure__slug", "basis")) == {
        "vertebroplasty": LinkBasis.VERIFIED,
        "kyphoplasty": LinkBasis.VERIFIED,
    }
    ids = list(VerifiedProcedure.objects.order_by("sort_order").values_list("pk", flat=True))
    # Delete both rows in the editor (as the inline panel's delete buttons do) and publish.
    removed = [{**row, "id": pk, "DELETE": "1"} for row, pk in zip(rows, ids, strict=True)]
    data = provider_form(verified=removed)
    data["verified_procedures-INITIAL_FORMS"] = "2"
    admin_client.post(edit_url(texan), {**data, "action-publish": "publish"})
    # Vertebroplasty had billing volume: back to `volume`. Kyphoplasty had nothing else.
    assert dict(ProviderProcedure.objects.values_list("procedure__slug", "basis")) == {
        "vertebroplasty": LinkBasis.VOLUME
    }
    assert not VerifiedProcedure.objects.exists()


@pytest.mark.django_db
def test_the_procedure_editor_shows_who_is_verified_for_it(admin_client, vertebroplasty, texan):
    admin_client.post(
        edit_url(texan),
        {**provider_form(verified=[verified_row(vertebroplasty)]), "action-publish": "publish"},
    )
    page = admin_client.get(f"/admin/pages/{vertebroplasty.pk}/edit/").content.decode()
    assert "Doctors verified to perform this procedure" in page
    assert "1 doctor verified" in page
    assert "Jane Sample, MD" in page
    assert edit_url(texan) in page
    listing = admin_client.get(
        reverse("wagtailsnippets_providers_provider:list") + f"?verified_for={vertebroplasty.pk}"
    )
    assert [p.npi for p in listing.context["object_list"]] == [texan.npi]
