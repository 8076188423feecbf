"""Wagtail's API v3 preview at /api/v3/, as this site serves it: read-only, for previews.

Apps use API v2 (`/api/v2/`, cached, live and public content only) for what visitors
see, and v3 with a bearer token (`manage.py api_tokens`, admin Settings -> API tokens)
to read drafts (`?version=draft`) and revisions of pages for their preview screens;
anonymous v3 clients see only live, public pages. See docs/api.md.

What this package adds to Wagtail's own v3 (`wagtail.api.v3`, mounted as it ships):

- `schemas`: StreamFields (`sections`, `body`) published with the same JSON Schemas
  as v2's document (`cms.openapi.blocks`) instead of v3's opaque ``items: {}``;
- `guard`: every v3 view wrapped so that nothing the site serves answers 500 and no
  one edits content through it: only GET (editing stays in the admin, with its
  workflows and moderation), no snippets unless listed in ``API_V3_SNIPPET_TYPES``
  (none: the provider directory is v2's, built for a million rows, and an
  unpublished provider must never be readable), a snippet ``pk`` of the wrong type is
  a 404 (Wagtail 8.0.1 answers 500, docs/upstream/wagtail-api-v3.md), NUL bytes in
  the query are a 400; the OpenAPI document lists only what is served.

Project wiring (it imports `procedures` through `cms.openapi.blocks`).
"""
