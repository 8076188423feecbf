"""Find providers by name, NPI or city, straight from the provider table.

Bulk imports write a million providers with set-based SQL and no per-row hooks, so
a search index fed by save signals (Wagtail's `index.Indexed`) would miss them, and
re-indexing would take longer than the import. Instead the database indexes the
provider rows themselves. On PostgreSQL a GIN full-text index over the words that
name a provider (`SEARCH_INDEX`, created by migration 0008) serves every provider
search: the admin list, the chooser editors use to feature doctors, and
`/api/v2/providers/?search=`. Each word typed must start a word of the provider's
name, city or NPI: "smi" finds Smith, "1234" the NPIs beginning
with it, and "ana austin" the Anas practising in Austin (every word must match). A
provider is findable the moment the import commits it.

SQLite (used only by `make run` demos) matches the same rule with LIKE, unindexed.

The document is written out in SQL with literals only (`'simple'`, `' '`): with
server-side parameter binding a parameter in it would keep a prepared statement's
generic plan from matching the index expression.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q

# The provider fields a search looks at, in the index's order: every word of the name
# as the site shows it ("Dr. Jane A. Smith Jr., MD", so a pasted name is found), the
# NPI and the practice's city.
DOCUMENT_FIELDS = (
    "name_prefix",
    "first_name",
    "middle_name",
    "last_name",
    "name_suffix",
    "credential",
    "npi",
    "city",
)
SEARCH_INDEX = "provider_search"
# Words beyond these are ignored; a word is letters and digits, at most this long.
MAX_WORDS = 8
MAX_WORD_LENGTH = 60
WORD = re.compile(r"[^\W_]+")


class ProviderDocument(Func):
    """to_tsvector('simple', name_prefix || ' ' || first_name || ' ' || … || ' ' || city).

    The 'simple' configuration lower-cases and keeps every word as it is (no
    stemming, no stop words): names are not English prose.
    """

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self, prefix=""):
        super().__init__(*(F(f"{prefix}{name}") for name in DOCUMENT_FIELDS))


def search_words(query):
    """The words of a query as a search matches them: lower case, letters and digits."""
    words = WORD.findall(str(query or "").lower())[:MAX_WORDS]
    return [word[:MAX_WORD_LENGTH] for word in words]


def prefix_tsquery(words):
    """Every word as a prefix, all required: "ana:* & garc:*"."""
    return " & ".join(f"{word}:*" for word in words)


def search_providers(queryset, query, prefix=""):
    """`queryset` narrowed to the providers matching every word of `query`.

    `prefix` is the path to the provider from the queryset's model ("provider__" on
    the link table). A query with no word in it matches nothing.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.alias(_provider_document=ProviderDocument(prefix)).filter(
            _provider_document=SearchQuery(
                prefix_tsquery(words), search_type="raw", config="simple"
            )
        )
    condition = Q()
    for word in words:
        condition &= reduce(
            operator.or_,
            (Q(**{f"{prefix}{name}__istartswith": word}) for name in DOCUMENT_FIELDS),
        )
    return queryset.filter(condition)
