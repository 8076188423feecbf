"""Links between providers and procedures, and the fields copied onto them."""

import pytest

from providers.choices import LinkBasis
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.linking import sync_all_specialty_links, sync_specialty_links
from providers.models import ProcedureSpecialty, ProviderProcedure


def basis_by_npi(procedure):
    return dict(
        ProviderProcedure.objects.filter(procedure=procedure).values_list("provider__npi", "basis")
    )


@pytest.mark.django_db
def test_specialty_links_are_derived_from_the_procedures_specialties(
    vertebroplasty, radiology, spine_surgery
):
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    primary = ProviderFactory(primary_specialty=radiology)
    other = ProviderFactory(specialties=[radiology])
    unrelated = ProviderFactory(primary_specialty=spine_surgery)
    verified = ProviderFactory(primary_specialty=radiology)
    ProviderProcedureFactory(provider=verified, procedure=vertebroplasty, basis=LinkBasis.VERIFIED)

    created, deleted = sync_specialty_links(vertebroplasty)
    assert (created, deleted) == (2, 0)
    assert basis_by_npi(vertebroplasty) == {
        primary.npi: LinkBasis.SPECIALTY,
        other.npi: LinkBasis.SPECIALTY,
        verified.npi: LinkBasis.VERIFIED,
    }
    assert unrelated.npi not in basis_by_npi(vertebroplasty)
    assert sync_specialty_links(vertebroplasty) == (0, 0)  # idempotent


@pytest.mark.django_db
def test_stale_specialty_links_go_but_stronger_links_stay(vertebroplasty, radiology):
    link = ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    derived = ProviderFactory(primary_specialty=radiology)
    verified = ProviderFactory(primary_specialty=radiology)
    ProviderProcedureFactory(provider=verified, procedure=vertebroplasty, basis=LinkBasis.VERIFIED)
    sync_specialty_links(vertebroplasty)
    link.delete()
    assert sync_specialty_links(vertebroplasty) == (0, 1)
    assert basis_by_npi(vertebroplasty) == {verified.npi: LinkBasis.VERIFIED}
    assert derived.npi not in basis_by_npi(vertebroplasty)


@pytest.mark.django_db
def test_publishing_a_provider_rederives_its_links(vertebroplasty, radiology, spine_surgery):
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    provider = ProviderFactory(primary_specialty=spine_surgery)
    sync_all_specialty_links()
    assert provider.npi not in basis_by_npi(vertebroplasty)
    provider.primary_specialty = radiology
    provider.save_revision().publish()
    assert basis_by_npi(vertebroplasty)[provider.npi] == LinkBasis.SPECIALTY


@pytest.mark.django_db
def test_publishing_a_procedure_rederives_its_links(vertebroplasty, radiology):
    provider = ProviderFactory(primary_specialty=radiology)
    vertebroplasty.specialty_links.add(ProcedureSpecialty(specialty=radiology))
    vertebroplasty.save_revision().publish()
    assert basis_by_npi(vertebroplasty) == {provider.npi: LinkBasis.SPECIALTY}


@pytest.mark.django_db
def test_provider_fields_are_copied_onto_links_and_kept_in_sync(vertebroplasty):
    provider = ProviderFactory(state="TX", board_certified=None, years_in_practice=None)
    link = ProviderProcedureFactory(provider=provider, procedure=vertebroplasty)
    assert (link.state, link.board_certified, link.years_in_practice) == ("TX", False, 0)
    provider.state = "OK"
    provider.board_certified = True
    provider.years_in_practice = 12
    provider.last_name = "Renamed"
    provider.live = False
    provider.save()
    link.refresh_from_db()
    assert (link.state, link.board_certified, link.years_in_practice) == ("OK", True, 12)
    assert link.sort_name.startswith("renamed")
    assert link.provider_live is False


@pytest.mark.django_db
def test_sql_and_python_sort_names_agree(vertebroplasty, radiology):
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    provider = ProviderFactory(
        primary_specialty=radiology, first_name="Ana", middle_name="", last_name="De La Cruz"
    )
    sync_specialty_links(vertebroplasty)
    link = ProviderProcedure.objects.get(provider=provider)
    assert link.sort_name == provider.sort_name == "de la cruz ana"


def test_basis_text():
    link = ProviderProcedure(basis=LinkBasis.VOLUME, annual_volume=120, volume_year=2023)
    link.volume_source = "Medicare"
    assert link.basis_text == "\u2248120 a year, Medicare 2023"
    link.basis = LinkBasis.VERIFIED
    assert (
        link.basis_text
        == "Performs this procedure: verified \u00b7 \u2248120 a year, Medicare 2023"
    )
    link.annual_volume = 0
    assert link.basis_text == "Performs this procedure: verified"
    link.basis = LinkBasis.SPECIALTY
    assert link.basis_text == "Specialty typically performs"


def test_basis_sentence_is_plain_language_for_every_basis():
    verified = ProviderProcedure(basis=LinkBasis.VERIFIED, annual_volume=1228)
    assert verified.basis_sentence == (
        "Our editors have confirmed that this doctor does this procedure. "
        "Records show they do it about 1,228 times a year."
    )
    assert ProviderProcedure(basis=LinkBasis.VOLUME, annual_volume=1).basis_sentence == (
        "Insurance records show this doctor does this procedure about 1 time a year."
    )
    assert ProviderProcedure(basis=LinkBasis.VOLUME).basis_sentence == (
        "Insurance records show this doctor does this procedure."
    )
    specialty = ProviderProcedure(basis=LinkBasis.SPECIALTY).basis_sentence
    assert "not confirmed" in specialty
    for sentence in (verified.basis_sentence, specialty):
        assert not any(jargon in sentence for jargon in ("\u2248", "Medicare", "verified", ":"))
