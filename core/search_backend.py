"""Wagtail's database search backend, with every page indexed in its own language.

Wagtail's own mechanism picks a language: each backend in `WAGTAILSEARCH_BACKENDS`
names the PostgreSQL text search configuration it queries with (`SEARCH_CONFIG`), and
`.search(query, backend=name)` picks the backend. The site has one backend per
language that needs its own configuration, named by the language's code ("es"), and
"default" for the rest (English, PostgreSQL's `english` default).

What Wagtail lacks is the other half: all backends share one index table, one row per
page, and the stock backend writes every row with its own configuration, so a Spanish
page would be stemmed as English (and whichever backend indexed last would win). Here
a row is written with the configuration of its page's language, whichever backend
writes it, so the backends never disagree; only "default" updates the index when a
page is published (the others have `AUTO_UPDATE: False`), and a query in Spanish meets
Spanish stems: "cirugías" and "cirugia" both find "Cirugía".

On SQLite (`make run`) this is Wagtail's SQLite backend unchanged: its FTS5 table folds
case and accents already, and does not stem.

A core module: it imports no app.
"""

import copy
from collections import defaultdict

from django.conf import settings
from django.db import connection

from wagtail.models import Locale
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
)

from core import i18n

DEFAULT = "default"


def backend_name(language_code):
    """The search backend to query in a language: its own, else "default"."""
    return language_code if language_code in settings.WAGTAILSEARCH_BACKENDS else DEFAULT


def index_configs():
    """{language code: text search configuration} for the languages with a backend of
    their own; every other row is written with the default backend's (None: the
    database's `default_text_search_config`)."""
    backends = settings.WAGTAILSEARCH_BACKENDS
    return {
        code: backends[code].get("SEARCH_CONFIG")
        for code in i18n.language_codes()
        if code in backends
    }


def default_config():
    return settings.WAGTAILSEARCH_BACKENDS.get(DEFAULT, {}).get("SEARCH_CONFIG")


class LanguageIndex(PostgresIndex):
    """Writes each object's row with its language's configuration."""

    def configs_for(self, objs):
        configs = index_configs()
        locale_ids = {getattr(obj, "locale_id", None) for obj in objs} - {None}
        languages = dict(
            Locale.objects.filter(pk__in=locale_ids).values_list("pk", "language_code")
            if locale_ids and configs
            else []
        )
        fallback = default_config()
        return [
            configs.get(languages.get(getattr(obj, "locale_id", None)), fallback) for obj in objs
        ]

    def add_items(self, model, objs):
        objs = list(objs)
        groups = defaultdict(list)
        for obj, config in zip(objs, self.configs_for(objs), strict=True):
            groups[config].append(obj)
        for config, group in groups.items():
            # Wagtail's indexer reads the configuration from the backend it is given.
            backend = copy.copy(self.backend)
            backend.config = config
            PostgresIndex(backend).add_items(model, group)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex


def SearchBackend(params):
    """The backend for the database in use, as `wagtail.search.backends.database` picks
    (Wagtail looks for a backend module's `SearchBackend`)."""
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    return DatabaseSearchBackend(params)
