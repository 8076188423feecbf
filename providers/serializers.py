"""API v2 serializer fields for providers (`/api/v2/providers/`)."""

from rest_framework.fields import Field

from django.urls import reverse

from core.api_urls import NPI_MARK, SLUG_MARK, once_per_response

from . import extensions, labels


def specialty_data(specialty):
    """A specialty: its NUCC code and terms, and its name in the answer's language
    (`?locale=`; English where it has no translation yet)."""
    return {
        "code": specialty.code,
        "name": specialty.label.text,
        "classification": specialty.classification,
        "specialization": specialty.specialization,
    }


class SpecialtyField(Field):
    def to_representation(self, specialty):
        return specialty_data(specialty)


class SpecialtiesField(Field):
    """All specialties, primary first (`Provider.all_specialties`), each marked."""

    def to_representation(self, provider):
        return [
            {**specialty_data(specialty), "primary": specialty.pk == provider.primary_specialty_id}
            for specialty in provider.all_specialties
        ]


class PracticeLocationField(Field):
    def to_representation(self, provider):
        return {
            "address_line_1": provider.address_line_1,
            "address_line_2": provider.address_line_2,
            "city": provider.city,
            "state": provider.state,
            "state_name": labels.state_name(provider.state),
            "zip_code": provider.zip_code,
            "phone": provider.phone,
        }


class LanguagesField(Field):
    def to_representation(self, languages):
        return [{"code": language.code, "name": language.label} for language in languages.all()]


def procedure_link_data(link, request):
    """A procedure the provider performs, with the basis of the claim."""
    return {
        "id": link.procedure_id,
        "title": link.procedure.title,
        "slug": link.procedure.slug,
        "url": link.procedure.get_full_url(request=request),
        "basis": link.basis_key,
        "basis_text": link.basis_text,
        "annual_volume": link.annual_volume or None,
        "volume_year": link.volume_year,
        "volume_source": link.volume_source or None,
        "verified_on": link.verified_on,
        "verification_source": link.verification_source or None,
    }


class ProcedureLinksField(Field):
    """Live procedures the provider performs, each with the basis of the claim."""

    def to_representation(self, provider):
        request = self.context.get("request")
        return [procedure_link_data(link, request) for link in provider.procedure_links.all()]


class ListedProcedureBasisField(Field):
    """In a list filtered by `procedure`, why this provider is listed for it.

    The ranking starts with the basis (verified, then volume, then specialty), so a
    client showing the list in order can show why each doctor is there, as the state
    page does, without asking for every procedure (`fields=procedures`). The listing
    sets `listed_link` from the ranked link it read anyway: no query. Null elsewhere.
    """

    def to_representation(self, provider):
        link = getattr(provider, "listed_link", None)
        if link is None:
            return None
        return procedure_link_data(link, self.context.get("request"))


class ProfileUrlField(Field):
    """The provider's public profile, absolute (`Provider.get_absolute_url`)."""

    def to_representation(self, provider):
        def build():
            request = self.context.get("request")
            url = reverse("providers:profile", kwargs={"npi": NPI_MARK, "slug": SLUG_MARK})
            return request.build_absolute_uri(url) if request else url

        template = once_per_response(self, "profile", build)
        return template.replace(NPI_MARK, provider.npi).replace(SLUG_MARK, provider.slug)


class MedicareCostsField(Field):
    """Per procedure, the provider's Medicare figures, from the app registered in
    `providers.extensions` (`costs`); an empty list when none is. A list of results
    fills them for the whole page at once (`ProvidersAPIViewSet.listing_view`)."""

    def to_representation(self, provider):
        found = getattr(provider, "_extension_costs", None)
        if found is None:
            hook = extensions.registry.provider_api_costs
            if hook is None:
                return []
            hook([provider])
            found = provider._extension_costs
        return found
