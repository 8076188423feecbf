"""schemathesis hooks for tests/openapi/test_schemathesis.py (loaded through
`SCHEMATHESIS_HOOKS`, in the schemathesis process).

Generated strings are almost never a published procedure's slug, so without help
schemathesis would only see the directory's 400s for `procedure`, never a ranked list
(`meta.ranking`, `procedure_basis`) or a state count. For about two cases in three of
the operations that take `procedure`, this puts a real one (ids and slugs from
`CMS_PROCEDURES`) in its place, chosen from the case itself so runs stay repeatable.
"""

import os
import zlib

import schemathesis

PROCEDURE_PATHS = ("/api/v2/providers/", "/api/v2/providers/states/")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    procedures = [value for value in os.environ.get("CMS_PROCEDURES", "").split(",") if value]
    if not procedures or case.operation.path not in PROCEDURE_PATHS:
        return
    query = dict(case.query or {})
    choice = zlib.crc32(repr(sorted(query.items(), key=str)).encode())
    if choice % 3:
        query["procedure"] = procedures[choice % len(procedures)]
        case.query = query
