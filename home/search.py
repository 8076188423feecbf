"""Site search: procedures, articles and doctors for one query, grouped by type.

Procedures and articles go through Wagtail's search backend (`search_fields` on the
page models; on PostgreSQL a full-text index kept up to date when a page is
published). Only live, public pages are searched: drafts are in the index too, and
`.live().public()` is what keeps them out.

Doctors do not: bulk imports write a million providers with set-based SQL, so
Wagtail's index (fed by save signals) would miss them. They are searched on the
provider table itself through `providers.search.search_providers`, which matches a
provider the moment the import commits it. A query that names a specialty ("family
medicine") lists the doctors of that specialty instead: the NUCC vocabulary is a
few hundred rows, so matching the query against it is cheap, and the providers
then come from the index on `primary_specialty`.

A common surname matches tens of thousands of doctors at a million providers: the
doctors group takes the first `DOCTOR_LIMIT` + 1 matches it finds (a LIMIT, neither a
COUNT nor a sort over every match), lists `DOCTOR_LIMIT` of them by name, and says
when there were more.

Each language searches its own pages: the Spanish search page (`/es/search/`) finds
the pages of the "es" locale through the search backend named "es"; they are indexed
and queried with PostgreSQL's Spanish stemmer after `unaccent` ("vertebroplastía",
"VERTEBROPLASTIA" and "cirugia" find "Vertebroplastia" and "Cirugía";
`core.search_backend`). English keeps the default backend and its English stems.
Doctors are the same in every language; a specialty is also matched by its name in
the page's language ("gastroenterólogo").

Every group costs a fixed number of queries whatever it finds, so a results page
runs a constant number of SQL queries.
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Func, Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from core import search_backend
from procedures.models import ArticlePage, ProcedurePage
from providers import labels
from providers.directory_query import DirectoryPaginator, DirectoryQuery
from providers.models import Specialty
from providers.search import search_words

# A query longer than this is cut: no title or name is that long, and a 10 kB query
# would only make the database work harder for nothing.
MAX_QUERY_LENGTH = 200
# Control characters (NUL among them: PostgreSQL refuses it in text) become spaces.
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Doctors beyond this many are not counted or paged through: refine the query instead.
DOCTOR_LIMIT = 100
# A specialty is matched only by a query at least this long ("ped" is too vague).
MIN_SPECIALTY_QUERY = 4
MAX_SPECIALTIES = 20

PROCEDURES, ARTICLES, DOCTORS = "procedures", "articles", "doctors"
TYPES = (PROCEDURES, ARTICLES, DOCTORS)
# Items of a group on the all-types page, and per page of one type.
PREVIEW_SIZE = {PROCEDURES: 5, ARTICLES: 3, DOCTORS: 10}
PER_PAGE = {PROCEDURES: 20, ARTICLES: 20, DOCTORS: 20}


def clean_query(raw):
    """The query as searched: control characters out, spaces collapsed, length capped."""
    text = CONTROL.sub(" ", str(raw or ""))[:MAX_QUERY_LENGTH]
    return " ".join(text.split())


class PromotedResults:
    """Wagtail search results with an exact title match moved to the front.

    Full-text ranking weighs how often and where words occur, so "Colonoscopy" could
    rank below a page that mentions colonoscopy in its title and throughout its
    sections. A visitor who types a procedure's exact name (or one of its other names)
    expects that page first; it is found with an indexed equality on the title and
    the rest of the ranking is left to the backend. Sliceable and countable, so a
    Paginator pages through it.
    """

    def __init__(self, exact, ranked):
        self.exact = exact
        self.ranked = ranked

    def count(self):
        return len(self.exact) + self.ranked.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        head = self.exact[start:stop]
        offset = len(self.exact)
        rest_start = max(start - offset, 0)
        rest_stop = None if stop is None else max(stop - offset, 0)
        if rest_stop is not None and rest_stop <= rest_start:
            return list(head)
        return [*head, *self.ranked[rest_start:rest_stop]]


class Unaccent(Func):
    """PostgreSQL's `unaccent()` (the extension home's migration 0005 creates)."""

    function = "unaccent"
    output_field = CharField()


def same_title(query):
    """A page whose title is the query, case aside, and on PostgreSQL accents aside too
    ("cirugia de cataratas" is "Cirugía de cataratas")."""
    if connection.vendor != "postgresql":
        return Q(title__iexact=query)
    return Q(
        Exact(Unaccent(Upper("title")), Unaccent(Upper(Value(query, output_field=CharField()))))
    )


def search_pages(model, query, language):
    """Live, public pages of `model` in `language`'s locale matching `query`, best first
    (an exact title first), searched with that language's backend."""
    # `.public()`, not `core.routing.unrestricted`: Wagtail's search accepts only
    # filters on indexed fields, and public() turns into path filters. The locale is a
    # subquery, not a query of its own: the page runs the same queries as before.
    pages = (
        model.objects.live()
        .public()
        .filter(locale__in=Locale.objects.filter(language_code=language).values("pk"))
    )
    exact = list(pages.filter(same_title(query))[:1])
    if exact:
        pages = pages.exclude(pk=exact[0].pk)
    backend = search_backend.backend_name(language)
    return PromotedResults(exact, pages.search(query, backend=backend))


def matching_specialties(query):
    """Ids of the specialties whose name contains the whole query ("family medicine"),
    in English or, on a page in another language, in that language too ("medicina
    familiar", "gastroenterologo" for "Médico gastroenterólogo"), whatever the accents.

    The translated names live in the interface catalog, not in the table, so in another
    language the few hundred specialties are read in the same one query and matched
    here (`providers.labels.specialty_label`).
    """
    text = " ".join(search_words(query))
    if len(text) < MIN_SPECIALTY_QUERY:
        return []
    fields = ("classification", "specialization", "display_name")
    if labels.active_language() == labels.SOURCE_LANGUAGE:
        names = Q()
        for name in fields:
            names |= Q(**{f"{name}__icontains": text})
        return list(Specialty.objects.filter(names).values_list("pk", flat=True)[:MAX_SPECIALTIES])
    folded = labels.sort_key(text)
    found = []
    for pk, *names in Specialty.objects.order_by("pk").values_list("pk", *fields):
        shown = labels.specialty_label(names[-1]).text
        if any(folded in labels.sort_key(name) for name in (*names, shown) if name):
            found.append(pk)
            if len(found) == MAX_SPECIALTIES:
                break
    return found


def doctor_query(query):
    """(the directory's query for `query`, specialty_matched).

    A query that names a specialty lists the doctors whose primary specialty it is
    (the specialty filter's primary half: one index); any other is the directory's
    name search. Both exactly as the directory lists them (`DirectoryQuery`).
    """
    specialties = matching_specialties(query)
    if specialties:
        return DirectoryQuery({"specialty": specialties}, specialty_part="primary"), True
    return DirectoryQuery({"search": query}), False


def doctors_paginator(query, per_page):
    """(paginator, specialty_matched): the first `DOCTOR_LIMIT` doctors the database
    finds for the query, by name, counted up to `DOCTOR_LIMIT` (and whether there are
    more).

    Sorting every match instead would read tens of thousands of rows for a common
    surname at a million providers; the page says when there were more, and how to
    narrow the search.
    """
    doctors, specialty_matched = doctor_query(query)
    found = doctors.first_found(DOCTOR_LIMIT + 1)
    paginator = DirectoryPaginator(doctors, per_page, found.counting(DOCTOR_LIMIT), rows=found.rows)
    return paginator, specialty_matched


@dataclass
class Group:
    """One type of result: its page of items and how many there are."""

    type: str
    page_obj: object
    paginator: object
    capped: bool = False
    specialty_matched: bool = False

    @property
    def count(self):
        return self.paginator.count

    @property
    def items(self):
        return self.page_obj.object_list


@dataclass
class Results:
    query: str
    type: str | None
    groups: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(group.count for group in self.groups.values())

    @property
    def empty(self):
        return not self.total


def paginator_for(kind, query, per_page, language):
    if kind == DOCTORS:
        return doctors_paginator(query, per_page)
    model = ProcedurePage if kind == PROCEDURES else ArticlePage
    return Paginator(search_pages(model, query, language), per_page), False


def search(query, kind=None, page=None):
    """Results of every type (a preview of each), or of `kind` alone, paginated.

    `query` must be cleaned already (`clean_query`). An unknown `kind` means every
    type; a bad `page` shows the first page and one past the end the last. Pages are
    those of the active language's locale; doctors are the same in every language.
    """
    kind = kind if kind in TYPES else None
    results = Results(query=query, type=kind)
    if not search_words(query):
        return results
    language = get_supported_content_language_variant(translation.get_language())
    for name in [kind] if kind else TYPES:
        per_page = PER_PAGE[name] if kind else PREVIEW_SIZE[name]
        paginator, specialty_matched = paginator_for(name, query, per_page, language)
        page_obj = paginator.get_page(page if kind else 1)
        # Evaluate now, so a template never runs the query twice.
        page_obj.object_list = list(page_obj.object_list)
        results.groups[name] = Group(
            type=name,
            page_obj=page_obj,
            paginator=paginator,
            capped=getattr(paginator, "capped", False),
            specialty_matched=specialty_matched,
        )
    return results
