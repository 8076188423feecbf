"""schema.org JSON-LD for the directory: profiles (IndividualPhysician) and the
ranked list of a state page (ItemList). The page's graph is written by `core.seo`."""

from core.seo import absolute_url

from .names import proper_case


def format_phone(digits):
    if len(digits or "") == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return digits or ""


def provider_jsonld(provider, request=None):
    """The provider as a schema.org IndividualPhysician node."""
    url = absolute_url(request, provider.get_absolute_url())
    data = {
        "@type": "IndividualPhysician",
        "@id": f"{url}#physician",
        "name": provider.name_for_visitors,
        "givenName": proper_case(provider.first_name),
        "familyName": proper_case(provider.last_name),
        "url": url,
        "usNPI": provider.npi,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line for line in (provider.address_line_1, provider.address_line_2) if line
            ),
            "addressLocality": provider.city_for_visitors,
            "addressRegion": provider.state,
            "postalCode": provider.zip_code,
            "addressCountry": "US",
        },
        "medicalSpecialty": [specialty.label.text for specialty in provider.all_specialties],
    }
    if provider.phone:
        data["telephone"] = format_phone(provider.phone)
    if provider.accepting_new_patients is not None:
        data["isAcceptingNewPatients"] = provider.accepting_new_patients
    languages = [language.label for language in provider.languages.all()]
    if languages:
        data["knowsLanguage"] = languages
    if provider.credential:
        data["honorificSuffix"] = provider.credential
    return data


def physician_item_list(links, request, start=1):
    """The providers of a state page, in the order shown, as a schema.org ItemList."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {
                    "@type": "IndividualPhysician",
                    "name": link.provider.name_for_visitors,
                    "url": absolute_url(request, link.provider.get_absolute_url()),
                },
            }
            for position, link in enumerate(links, start=start)
        ],
    }
