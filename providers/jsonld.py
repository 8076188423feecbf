"""schema.org JSON-LD for provider profiles (IndividualPhysician)."""

import json

from django.utils.safestring import mark_safe

from .names import proper_case

# Characters that could close the <script> element or start an HTML comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def format_phone(digits):
    if len(digits or "") == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return digits or ""


def script_json(data):
    """`data` as JSON that is safe inside a <script> element (no "</script>", no "<!--")."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def provider_jsonld(provider, request=None):
    """The provider as a schema.org IndividualPhysician, ready to embed in a script tag."""
    url = provider.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "IndividualPhysician",
        "name": provider.name_for_visitors,
        "givenName": proper_case(provider.first_name),
        "familyName": proper_case(provider.last_name),
        "url": request.build_absolute_uri(url) if request else url,
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
        "medicalSpecialty": [specialty.name for specialty in provider.all_specialties],
    }
    if provider.phone:
        data["telephone"] = format_phone(provider.phone)
    if provider.accepting_new_patients is not None:
        data["isAcceptingNewPatients"] = provider.accepting_new_patients
    languages = [language.name for language in provider.languages.all()]
    if languages:
        data["knowsLanguage"] = languages
    if provider.credential:
        data["honorificSuffix"] = provider.credential
    return script_json(data)
