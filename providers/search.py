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

Accents do not matter on PostgreSQL: the documents and queries use the
`simple_unaccent` configuration (`CONFIG`, migration 0023), so "nunez" finds "Núñez"
and "núñez" finds "NUNEZ" from the same indexes.

A provider is findable the moment the import commits it. SQLite (used only by
`make run` demos) applies the same rule with LIKE, unindexed, accents as typed.

The document is written out in SQL with literals only (`CONFIG`, `' '`): with
server-side parameter binding, a parameter in it would keep a prepared statement's
generic plan from matching the index expression.
"""

import operator
import re
import unicodedata
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Upper

from .listing import InOrder, OrderedUnion

# The fields whose words a name search matches, in the index's order.
DOCUMENT_FIELDS = ("first_name", "middle_name", "last_name", "city")
SEARCH_INDEX = "provider_search"
# PostgreSQL's 'simple' configuration (lower case, every word kept as it is: names are
# not prose, so no stemming and no stop words) with `unaccent` first for words that are
# not plain ASCII (migration 0023). Written into SQL as a literal.
CONFIG = "simple_unaccent"
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


class Unindexed(Func):
    """An expression's value, written so that PostgreSQL does not match it to an index
    (`value || ''`): to keep it from reading rows in an index's order."""

    template = "(%(expressions)s || '')"


# The order to list matches in: by name, but deliberately not the columns of the
# `provider_name_order` index. The matches of a name search all sit in one stretch of
# that index, while PostgreSQL assumes them spread evenly: for a first page ordered by
# those columns it would walk the index from "A", testing every row on the way (seconds
# for a common surname; docs/performance.md). Ordered by these expressions, it takes
# the matches from the full-text index and sorts them. NPPES names are upper case, so
# the order is the same.
# Written `Unindexed` because `provider_search_order` (migration 0014) has exactly these
# expressions: PostgreSQL would take a first page of a plain search (the admin list,
# several words) by walking that index from "A" the same way. `OrderedSearch` reads
# that index on purpose, for one range.
SEARCH_ORDER = (Unindexed(Upper("last_name")), Unindexed(Upper("first_name")), "npi")
# The same order as named keys, for `OrderedSearch`'s two parts and their union.
SEARCH_KEYS = ("_search_last", "_search_first", "npi")
# A last name that is one word of the document as it stands, the whole name lower-cased
# (see `OtherWordsDocument`): ASCII letters only. (With digits the parser may split it:
# "1E5X" is the words "1e5" and "x".)
ONE_ASCII_WORD = "^[A-Za-z]*$"
# Above every upper-cased one-ASCII-word last name that starts with a given word, in
# any collation: the end of that word's range of `provider_search_order`.
RANGE_END = "Z" * 61


class ProviderDocument(Func):
    """to_tsvector(CONFIG, first_name || ' ' || middle_name || ' ' || last_name || ' ' || city),
    indexed as `SEARCH_INDEX` (migration 0023, written there exactly as here)."""

    template = f"to_tsvector('{CONFIG}'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self, prefix=""):
        super().__init__(*(F(f"{prefix}{name}") for name in DOCUMENT_FIELDS))


class OtherWordsDocument(Func):
    """to_tsvector(CONFIG, first_name || ' ' || middle_name || ' ' || city || ' ' ||
    <last_name unless it is one ASCII word>): the words a name search can match outside
    the range of `provider_search_order` that holds the last names starting with
    the word (see `OrderedSearch`). Indexed as `provider_search_other_words` (migration
    0023), written here exactly as there.

    A last name of ASCII letters only is one word of the document, the whole name
    lower-cased, so a word matches it only if the upper-cased name starts
    with the upper-cased word: those providers are in the range. Any other last name
    (hyphenated, two words, an apostrophe, accents) stays in this document.
    """

    template = (
        f"to_tsvector('{CONFIG}'::regconfig, %(expressions)s || ' ' || CASE WHEN "
        f"%(last_name)s ~ '{ONE_ASCII_WORD}' THEN '' ELSE %(last_name)s END)"
    )
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self, prefix=""):
        self.prefix = prefix
        super().__init__(*(F(f"{prefix}{name}") for name in ("first_name", "middle_name", "city")))

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = super().resolve_expression(query, *args, **kwargs)
        # Resolved with the rest, so that on the link table it joins the provider once.
        resolved.last_name = F(f"{self.prefix}last_name").resolve_expression(query, *args, **kwargs)
        return resolved

    def as_sql(self, compiler, connection, **extra_context):
        last_name = compiler.compile(self.last_name)[0]
        return super().as_sql(compiler, connection, last_name=last_name, **extra_context)


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


class WordsQuery(SearchQuery):
    """to_tsquery(CONFIG, 'ana:* & garc:*'): every word as a prefix, all required,
    with the words written into the SQL rather than passed as a parameter.

    With prepared statements on (`DATABASE_PREPARE_THRESHOLD`), PostgreSQL plans a
    statement run five times once for any parameters (a generic plan). For a search, a
    parameter hides how many providers the words match, and the generic plan for a
    procedure's providers named "Nora Mockington" walked the procedure's ranked links
    testing each name, several times slower than a plan made for the words. Written in,
    each search is its own statement and its plan knows its words. Safe to write in:
    a word is letters and digits only (`WORD`), checked here.
    """

    def __init__(self, words):
        if not words or not all(WORD.fullmatch(word) for word in words):
            raise ValueError(f"not search words: {words!r}")
        self.words = tuple(words)
        super().__init__(prefix_tsquery(self.words), search_type="raw", config=CONFIG)

    def as_sql(self, compiler, connection, **extra_context):
        return f"to_tsquery('{CONFIG}'::regconfig, '{prefix_tsquery(self.words)}')", []


class Constant(Value):
    """A text constant written into the SQL rather than passed as a parameter, for the
    reason `WordsQuery` gives: in a prepared statement's generic plan, a parameter
    hides how many providers a range of names holds. Asked to count a surname's
    range in order (`search_count_parts`), that plan guessed a few dozen and sorted
    every match of the surname instead of reading the range up to the cap. Safe to
    write in: ASCII letters and the regular expression `ONE_ASCII_WORD` only, checked
    here."""

    def __init__(self, text):
        if not (text == ONE_ASCII_WORD or (text.isascii() and text.isalpha())):
            raise ValueError(f"not a constant to write into SQL: {text!r}")
        super().__init__(text, output_field=CharField())

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []


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


def with_npi_prefixes(queryset, words, prefix=""):
    """`queryset` narrowed to the NPIs starting with each word of digits in `words`."""
    for number in filter(is_number, words):
        queryset = queryset.filter(npi_starting_with(number, prefix))
    return queryset


def search_providers(queryset, query, prefix=""):
    """`queryset` narrowed to the providers matching every word of `query`.

    `prefix` is the path to the provider from the queryset's model ("provider__" on
    the link table). A query with no word in it matches nothing.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    queryset = with_npi_prefixes(queryset, words, prefix)
    names = name_words(words)
    if not names:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(_provider_document=ProviderDocument(prefix)).filter(
            _provider_document=WordsQuery(names)
        )
    condition = Q()
    for word in names:
        condition &= reduce(
            operator.or_,
            (Q(**{f"{prefix}{name}__istartswith": word}) for name in DOCUMENT_FIELDS),
        )
    return queryset.filter(condition)


def without_accents(word):
    """`word` with its accents taken off ("núñez" -> "nunez"), as `unaccent` does for
    the Latin letters; `word` itself when that would leave something else than
    letters and digits."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return folded if WORD.fullmatch(folded) else word


def bare_word(query):
    """The query's one name word, accents taken off, when that is ASCII letters only (a
    bare surname, say: "garcía" is "garcia"), on PostgreSQL; None otherwise. Such a
    search can be split into the parts `OrderedSearch` pages and
    `link_search_count_parts` counts (other words of the query may be NPI digits, which
    narrow both parts alike). Its matches are the same: the documents have their
    accents taken off too, and a last name with accents is in (b) of both."""
    names = name_words(search_words(query))
    if connection.vendor != "postgresql" or len(names) != 1:
        return None
    word = without_accents(names[0])
    return word if word.isascii() and word.isalpha() else None


def search_in_order(queryset, query):
    """`queryset` (live providers) narrowed to the matches of `query` in `SEARCH_ORDER`,
    for a list that shows them a page at a time: the API list, the site search.

    The result slices like a queryset (`[start:stop]`: a list of providers). On
    PostgreSQL a query whose only name word is ASCII letters (a bare surname: tens of
    thousands of matches at a million providers) is an `OrderedSearch`; anything else,
    and SQLite, is the filtered queryset ordered by `SEARCH_ORDER`, which the full-text
    index keeps small: every word must match. Count the list as
    `search_providers(queryset, query)`.
    """
    word = bare_word(query)
    if word is None:
        return search_providers(queryset, query).order_by(*SEARCH_ORDER)
    return OrderedSearch(queryset, query, word)


# Database collations in which lower-case ASCII words sort alphabetically, letter by
# letter, whatever follows them: "C", "POSIX", "C.UTF-8" and English (libc or ICU).
ALPHABETICAL_COLLATION = re.compile(r"^(c|posix|c\.utf-?8|en([_-].*)?|und(-.*)?)$", re.IGNORECASE)


def database_collation():
    """The collation of the database's text columns (its default)."""
    if not hasattr(connection, "_database_collation"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN datlocprovider = 'i' THEN daticulocale ELSE datcollate END "
                "FROM pg_database WHERE datname = current_database()"
            )
            connection._database_collation = cursor.fetchone()[0] or ""
    return connection._database_collation


def after_prefix(word):
    """A lower-case ASCII word after every word that starts with `word`: its last
    letter moved one on ("smith" -> "smiti"), trailing z's dropped first ("lutz" ->
    "luu"); None for a word of z's only."""
    word = word.rstrip("z")
    if not word:
        return None
    return word[:-1] + chr(ord(word[-1]) + 1)


def link_search_count_parts(links, query):
    """A procedure's links narrowed to the matches of a one-word name search (a bare
    surname), as two sets that never overlap, each counted without reading every
    match's provider; None when the search is not one ASCII word, or the database's
    collation is not known to be alphabetical.

    Counting the plain filter read every provider matching the word (34,613
    "Mockington"s at a million providers, ~100 ms) to keep the procedure's. The
    links carry their provider's name (`sort_name`: "last first middle",
    lower-cased), so:

    - (a) the links whose name starts with a plain word (ASCII letters and digits,
      up to a space or the end) that starts with the search word. That word is the
      provider's last name, or its first word (or, with no last name, the first
      name's), so the provider's document has it whole and it matches. They are
      one range of the `provider_link_name` index (procedure, sort_name, provider),
      tested there: no provider row is read;
    - (b) every other match: its word is in a first or middle name, a city, or a
      last name of another shape ("O'Mockington", "Mockington-Smith"), which the
      `provider_search_other_words` index finds (a few hundred), less those in (a).

    A last name of one ASCII word starting with the word is always in (a), so (b)
    needs no more than the other words. The range is written for an alphabetical
    collation (`after_prefix`): in others ("ch" after "h" in Czech) it could miss
    names, so there the list is counted as the plain filter.
    """
    word = bare_word(query)
    if word is None or not ALPHABETICAL_COLLATION.match(database_collation()):
        return None
    links = with_npi_prefixes(links, search_words(query), prefix="provider__")
    # Safe in a pattern: ASCII letters only (checked above).
    leading_word = Q(sort_name__regex=f"^{word}[a-z0-9]*( |$)")
    in_range = Q(sort_name__gte=word)
    if after_prefix(word) is not None:
        in_range &= Q(sort_name__lt=after_prefix(word))
    first = links.filter(in_range, leading_word)
    other = (
        links.alias(_other_words=OtherWordsDocument(prefix="provider__"))
        .filter(_other_words=WordsQuery([word]))
        .exclude(leading_word)
    )
    return [first, other]


def search_count_parts(providers, query):
    """`providers` narrowed to the matches of a one-word name search (a bare surname),
    as the two parts of its `OrderedSearch`, to count up to a cap (`CappedCount`); None
    when the search is not one ASCII word, or not on PostgreSQL.

    The plain filter is counted from the full-text index, which hands over every match
    of the word (a bitmap of them all) before the count reads the first: a common
    surname costs the same at any cap. Instead, as its pages are read:

    - (a) the last names of one ASCII word starting with the word are one range of
      `provider_search_order`, counted in that index's order (`InOrder`), so only up
      to the cap is read;
    - (b) every other match, few for a surname, from the other-words index.
    """
    word = bare_word(query)
    if word is None:
        return None
    first, other = OrderedSearch(providers, query, word).parts().parts
    return [InOrder(first.order_by(*SEARCH_KEYS)), other]


class OrderedSearch:
    """The matches of a one-word name search, a page at a time, without sorting them all.

    Ordered by `SEARCH_ORDER`, the matches of "testworth" would be fetched and sorted
    in full (tens of thousands for a common surname) for every page. They split into two sets
    that never overlap:

    - (a) the providers whose last name is ASCII letters only (`ONE_ASCII_WORD`: one
      word of the document, the whole name) and, upper-cased, lies in [WORD, WORD +
      "ZZZ…"), i.e. starts with the word: they all match, and they are one range of
      the `provider_search_order` index, already in order, read only up to the end
      of the page;
    - (b) every other match: its word is in a first or middle name, a city, or a last
      name of another shape, which the `provider_search_other_words` GIN index
      (`OtherWordsDocument`) finds; few for a surname, sorted, cut at the page's end.

    The page of (a) ∪ (b) is ordered by PostgreSQL in one statement (the database's
    collation, exactly as a plain ORDER BY), then one query loads the page's
    providers (`providers.listing.OrderedUnion`). The word is ASCII letters
    (`search_in_order`), so Python and PostgreSQL upper-case it alike.

    The index is not partial (`WHERE live`): PostgreSQL uses the statistics of an
    index expression only for a full index, and without them it guesses a surname's
    range far too small and sorts every match for a deep page.
    """

    def __init__(self, queryset, query, word):
        self.queryset = queryset
        self.query = query
        self.word = word.upper()

    def count(self):
        """Every match, counted as the plain filter (a paginator's total)."""
        return search_providers(self.queryset, self.query).count()

    def in_range(self):
        """(a): a last name of one ASCII word, starting with the word."""
        return Q(
            _upper_last__gte=Constant(self.word),
            _upper_last__lt=Constant(self.word + RANGE_END),
            last_name__regex=Constant(ONE_ASCII_WORD),
        )

    def parts(self):
        """(a) and (b), each in `SEARCH_ORDER`'s keys (`OrderedUnion` cuts them at a
        page's end)."""
        narrowed = with_npi_prefixes(self.queryset, search_words(self.query)).alias(
            _upper_last=Upper("last_name")
        )
        first = narrowed.annotate(
            _search_last=Upper("last_name"), _search_first=Upper("first_name")
        ).filter(self.in_range())
        # The same keys, written so that they are not the order index's expressions:
        # otherwise PostgreSQL may read (b) by walking that index from "A", testing
        # every provider, instead of taking its few rows from the full-text index.
        other = (
            narrowed.annotate(
                _search_last=Unindexed(Upper("last_name")),
                _search_first=Unindexed(Upper("first_name")),
            )
            .alias(_other_words=OtherWordsDocument())
            .filter(_other_words=WordsQuery([self.word.lower()]))
            .exclude(self.in_range())
        )
        return OrderedUnion([first, other], self.queryset, order=SEARCH_KEYS)

    def keys(self, stop):
        """(pk, order keys) of the first `stop` matches of (a) and of (b), as one
        queryset to order and slice."""
        return self.parts().keys(stop)

    def __getitem__(self, page):
        return self.parts()[page]
