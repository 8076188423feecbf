"""The OpenAPI 3.1 contract of /api/v2/, generated from the code that serves it.

Apps generate clients from `/api/v2/openapi.json` and read `/api/v2/docs/`; both are
built here from the router's endpoints, each viewset's parameters and fields, the
page models' `api_fields` and the StreamField block definitions, so a field or a
parameter added to the code appears in the document without editing it. What the
code cannot say about itself (the JSON a custom serializer field or block returns)
is declared once in `fields.py` and `blocks.py`; an API field or block with no
declared shape stops the generator (`SchemaGap`), so the document cannot silently
fall behind. `drift.py` checks the document against the code and real responses.

Project wiring (it imports every app), next to `cms.api` and `cms.urls`.
"""
