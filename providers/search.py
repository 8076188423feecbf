"""Find providers by name, NPI or city, straight from the provider table.

Bulk imports write a million providers with set-based SQL and no per-row hooks, so
a search index fed by save signals (Wagtail's `index.Indexed`) would miss them, and
re-indexing would take longer than the import. Instead the database indexes the
provider rows themselves, and every provider search (the admin list, the chooser
editors use to feature doctors, `/api/v2/providers/?search=`) goes through
`search_providers`:

- a word of letters must start a word of the first, middle or last name or of the
  city: on PostgreSQL through a GIN full-text index (`SEARCH_INDEX`, migration 0008);
- a word of digits must start the NPI: a range scan of the NPI's own unique index
  (NPIs are unique, so as words of a full-text index they would double its size and
  the import's cost of keeping it);
- every word must match: "smi" finds Smith, "1234" the NPIs starting with it, "ana
  austin" the Anas practising in Austin. Titles, credentials, suffixes and single
  letters ("Dr.", "MD", "Jr.", a middle initial) are left out of a query that has
  other words, so a name pasted as the site shows it ("Dr. Jane A. Smith Jr., MD")
  finds that doctor.

A provider is findable the moment the import commits it. SQLite (used only by
`make run` demos) applies the same rule with LIKE, unindexed.

The document is written out in SQL with literals only (`'simple'`, `' '`): with
server-side parameter binding, a parameter in it would keep a prepared statement's
generic plan from matching the index expression.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q
from django.db.models.functions import Upper

# The fields whose words a name search matches, in the index's order.
DOCUMENT_FIELDS = ("first_name", "middle_name", "last_name", "city")
SEARCH_INDEX = "provider_search"
NPI_LENGTH = 10
# Words beyond these are ignored; a word is letters and digits, at most this long.
MAX_WORDS = 8
MAX_WORD_LENGTH = 60
WORD = re.compile(r"[^\W_]+")
# Words of a displayed name that are not in the document: titles, credentials and
# suffixes. Left out of a query that has other words (see `name_words`).
NOT_NAMES = frozenset(
    ["dr", "mr", "mrs", "ms", "miss", "prof"]  # titles
    + ["md", "do", "phd", "dds", "dmd", "dpm", "od", "pa", "pac", "np", "rn", "crna", "facs"]
    + ["jr", "sr", "ii", "iii", "iv"]  # suffixes
)

# The order to list matches in: by name, but deliberately not the columns of the
# `provider_name_order` index. The matches of a name search all sit in one stretch of
# that index, while PostgreSQL assumes them spread evenly: for a first page ordered by
# those columns it would walk the index from "A", testing every row on the way (nine
# seconds for a common surname at a million providers). Ordered by these expressions,
# it takes the matches from the full-text index and sorts them (milliseconds). NPPES
# names are upper case, so the order is the same.
SEARCH_ORDER = (Upper("last_name"), Upper("first_name"), "npi")


class ProviderDocument(Func):
    """to_tsvector('simple', first_name || ' ' || middle_name || ' ' || last_name || ' ' || city).

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


def is_number(word):
    return word.isascii() and word.isdigit()


def name_words(words):
    """The words to match against names and cities: without titles, credentials,
    suffixes and initials, unless nothing else would be left to search for."""
    names = [word for word in words if not is_number(word)]
    kept = [word for word in names if word not in NOT_NAMES and len(word) > 1]
    return kept if kept or len(names) < len(words) else names


def prefix_tsquery(words):
    """Every word as a prefix, all required: "ana:* & garc:*"."""
    return " & ".join(f"{word}:*" for word in words)


def npi_starting_with(digits, prefix=""):
    """NPIs starting with `digits`, as a range of the NPI index (no LIKE, which a
    non-C collation keeps from using it). An NPI is exactly ten digits."""
    if len(digits) > NPI_LENGTH:
        return Q(pk__in=[])
    return Q(
        **{
            f"{prefix}npi__gte": digits.ljust(NPI_LENGTH, "0"),
            f"{prefix}npi__lte": digits.ljust(NPI_LENGTH, "9"),
        }
    )


def search_providers(queryset, query, prefix=""):
    """`queryset` narrowed to the providers matching every word of `query`.

    `prefix` is the path to the provider from the queryset's model ("provider__" on
    the link table). A query with no word in it matches nothing.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    for number in filter(is_number, words):
        queryset = queryset.filter(npi_starting_with(number, prefix))
    names = name_words(words)
    if not names:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(_provider_document=ProviderDocument(prefix)).filter(
            _provider_document=SearchQuery(
                prefix_tsquery(names), search_type="raw", config="simple"
            )
        )
    condition = Q()
    for word in names:
        condition &= reduce(
            operator.or_,
            (Q(**{f"{prefix}{name}__istartswith": word}) for name in DOCUMENT_FIELDS),
        )
    return queryset.filter(condition)
