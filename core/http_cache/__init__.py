"""HTTP caching for the public site and API v2: validators, Cache-Control and purges.

A cms core package (it imports no app, so every app may use it):

- `version`: one site-wide *content version* in the database, bumped in the same
  transaction as every change a visitor could see (publish, unpublish, move, delete,
  provider publish, import batch, settings, images...).
- `middleware`: derives each anonymous GET's ETag and Last-Modified from that version
  and the URL *before* the view runs, so a revalidation costs one primary-key query
  and answers 304 without rendering; sets Cache-Control (public with a max-age for
  anonymous GETs, ``private, no-store`` for editors, previews, admin and tokens).
- `purge`: sends the URLs an event changed to Wagtail's frontend cache backends
  (`wagtail.contrib.frontend_cache`) once the transaction commits.
- `signals`: the Wagtail-wide events (any page, image, document, site setting,
  snippet publish) that bump the version and purge a page's own URLs. The apps add
  what only they know (providers: profiles, state pages and imports).

See docs/api.md#caching and docs/deployment.md.
"""
