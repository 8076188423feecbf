"""URLs in API lists, built once per response.

Reversing a URL costs Django a resolver walk; a list of 50 items reversed its
`detail_url`s and profile URLs one by one, a tenth of the list's time. Instead one URL
is reversed per response with a stand-in value, and each item's own value replaces the
stand-in. A core module with no imports of Wagtail or the apps: `providers.serializers`
uses it while models load.
"""

# Stand-ins: digits and letters no hostname or route of the site contains.
PK_MARK = 987654321987654321
NPI_MARK = "9999999999"
SLUG_MARK = "zqxzqxzqx"


def once_per_response(field, key, build):
    """`build()`, kept in the serializer's context (one per response, shared by every
    item of a list)."""
    templates = field.context.setdefault("_url_templates", {})
    if key not in templates:
        templates[key] = build()
    return templates[key]
