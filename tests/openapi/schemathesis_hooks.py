"""schemathesis hooks for tests/openapi/test_schemathesis.py (loaded through
`SCHEMATHESIS_HOOKS`, in the schemathesis process).

Generated strings are almost never a published procedure's slug, so without help
schemathesis would only see the directory's 400s for `procedure`, never a ranked list
(`meta.ranking`, `procedure_basis`) or a state count. For about two cases in three of
the operations that take `procedure`, this puts a real one (ids and slugs from
`CMS_PROCEDURES`) in its place, chosen from the case itself so runs stay repeatable.
Likewise a page list's `translation_of` is almost never a live page's id: about two
cases in three get one of `CMS_TRANSLATED_PAGES` (pages with a Spanish translation).
"""

import os
import zlib

import schemathesis

# {operation path: (parameter, environment variable of real values)}
REAL_VALUES = {
    "/api/v2/providers/": ("procedure", "CMS_PROCEDURES"),
    "/api/v2/providers/states/": ("procedure", "CMS_PROCEDURES"),
    "/api/v2/pages/": ("translation_of", "CMS_TRANSLATED_PAGES"),
}


def real_id_fits(case, query):
    """Only where the case asks for `translation_of` with a value the document calls
    valid (a page id or `root`): swapping it for another valid one keeps a negative
    case negative (its bad value is another parameter's), while a bad
    `translation_of` must stay bad for the check that it is refused."""
    if "translation_of" not in query:
        return False
    value = str(query["translation_of"])
    return value == "root" or (value.isascii() and value.isdigit() and 0 < int(value) < 2**31)


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.operation.path not in REAL_VALUES:
        return
    parameter, variable = REAL_VALUES[case.operation.path]
    values = [value for value in os.environ.get(variable, "").split(",") if value]
    query = dict(case.query or {})
    if not values or (parameter == "translation_of" and not real_id_fits(case, query)):
        return
    choice = zlib.crc32(repr(sorted(query.items(), key=str)).encode())
    if choice % 3:
        query[parameter] = values[choice % len(values)]
        case.query = query
