"""The directory's listing: which live providers match, in what order, and how many.

Every surface that lists providers asks one `DirectoryQuery`, built from the cleaned
values of the declared filters (`providers.filters.FILTERS`), for "this page of
providers, in order, and how many there are": the state pages and the API list
(`providers.views`, `providers.api`), the site search's doctors (`home.search`), the
map and the per-state counts (`providers.directory`, `/api/v2/providers/states/`), the
sitemaps (`providers.sitemaps`) and the admin's provider list (`providers.admin_views`,
over every provider rather than the live ones). So they cannot drift: a filter means
the same, and a list comes in the same order with the same total, wherever it is shown.

A procedure's list is read from its ranked links (`ProviderProcedure`, which copy the
provider's state, live flag, ranking inputs and primary specialty, so each order is
one range of an index, see docs/performance.md); a list without a procedure from the
provider table. Two filters can only be tested row by row as written, and are read
as the ordered union of parts that never overlap (`providers.listing.OrderedUnion`):
a specialty (the primary specialty, or one of the others) and a one-word name search
(`providers.search`).

How many: a procedure's (or a state's) whole list has its total in the per-state
summary (`ProcedureStateCount`). Any other list is counted by a named strategy the
caller picks: `CappedCount`, counted only as far as anyone can page (`paged_count()`
for the API and the state pages, which page no deeper than `listing_depth()`; the site
search and the admin's provider list with caps of their own), or `EXACT`. Either counts
the list by its parts (`count_parts`), each from an index.
"""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.utils.functional import cached_property

from wagtail.models import Page

from core.i18n import default_language

from .filters import DEFAULT_ORDER, FILTER_NAMES, NARROWING_FILTERS
from .listing import InOrder, OrderedUnion, Whole
from .models import (
    RANKING_ORDER,
    ProcedureStateCount,
    Provider,
    ProviderProcedure,
    YearsForOrder,
)
from .search import (
    SEARCH_ORDER,
    bare_word,
    link_search_count_parts,
    name_words,
    search_count_parts,
    search_in_order,
    search_providers,
    search_words,
)

# A list without `procedure`, unless asked otherwise (npi: unique, a total order).
NAME_ORDER = ("last_name", "first_name", "npi")
# A procedure's list in each `order` (each ends with the provider: a total order).
LINK_ORDERS = {
    "default": RANKING_ORDER,
    "name": ("sort_name", "provider_id"),
    "-years_in_practice": ("-years_in_practice", "sort_name", "provider_id"),
}
# What a ranked link shows of itself (the state page's basis line, the API's
# `procedure_basis`): loaded with the link, nothing more.
LISTED_LINK_FIELDS = (
    "basis",
    "annual_volume",
    "volume_year",
    "volume_source",
    "verified_on",
    "verification_source",
)
# The two halves of the specialty filter, which never overlap (`provider_filter_q`).
SPECIALTY_PARTS = ("primary", "others")
# A list without a procedure reads the providers who have the specialty among their
# other specialties whole and sorts them (`listing.Whole`) when they are at most this
# many: in name order PostgreSQL would walk every provider's name index to find a rare
# specialty's few. More of them lie densely enough in that order to be read in it.
WHOLE_OTHERS_MAX = 5_000


def links_key(procedure):
    """What a procedure page's links and per-state counts are filed under.

    Providers, their links and the counts are not copied per language: they are filed
    under the procedure's page in the default language. A translation (the Spanish
    page) reads its original's, named by a subquery inside each statement, so a
    translated page's list costs no query more than the original's. Which language a
    page is in comes from the site root paths Wagtail keeps (cached; its URLs read
    them too). The original is returned as it is, so its statements do not change.
    """
    if procedure is None:
        return None
    roots = procedure._get_relevant_site_root_paths(None)
    if not roots or roots[0].language_code == default_language():
        return procedure
    return Page.objects.filter(
        translation_key=procedure.translation_key, locale__language_code=default_language()
    ).values("pk")[:1]


def ranked_links(procedure, state=None):
    """The procedure's live provider links, best first, with what a listing shows."""
    links = ProviderProcedure.objects.public().filter(procedure=procedure)
    if state:
        links = links.filter(state=state)
    return links.ranked().select_related(
        "provider", "provider__primary_specialty", "provider__photo"
    )


def prefetch_provider_details(links):
    """Specialties and languages of the providers behind `links`, in two queries."""
    providers = [link.provider for link in links]
    prefetch_related_objects(providers, "specialties", "languages")
    return links


def specialty_lookup(specialty):
    """The lookup suffix for a specialty filter's value: "__in" for several (a
    collection of them), "" for one."""
    return "__in" if isinstance(specialty, list | tuple | set | frozenset) else ""


def provider_filter_q(filters, on_links=False, specialty_part=None):
    """A Q over providers, or over their procedure links with ``on_links=True``, for
    the narrowing filters in `filters` (cleaned values by name).

    Many-to-many filters use EXISTS rather than joins, so no row is repeated and the
    ranked order is kept without DISTINCT.

    A specialty (or several: a collection of them) matches a provider's primary
    specialty or one of the others. As one OR, PostgreSQL can only test it row by row:
    fine for walking a list in order, a scan of the table for counting.
    `specialty_part` gives either half alone, which never overlap: "primary" (the
    primary specialty's index) or "others" (the other specialties' table, primary not
    that one), so a list is the union of two index reads and a count the sum of two.

    On links the primary specialty is the link's own copy (`ProviderProcedure.
    primary_specialty`, copied from the published provider like its state), so the
    "primary" half of a procedure's list is one range of `provider_link_specialty_rank`;
    the "others" half reads only the links of providers with other specialties
    (`has_other_specialties`, a few percent of links), from `provider_link_others_rank`.
    """
    prefix = "provider__" if on_links else ""
    provider_ref = OuterRef("provider_id" if on_links else "pk")
    q = Q()
    specialty = filters.get("specialty")
    if specialty:
        lookup = specialty_lookup(specialty)
        others = Provider.specialties.through.objects.filter(
            **{"provider_id": provider_ref, f"specialty{lookup}": specialty}
        )
        primary = Q(**{f"primary_specialty{lookup}": specialty})
        if specialty_part == "primary":
            q &= primary
        elif specialty_part == "others":
            q &= Exists(others) & ~primary
            if on_links:
                q &= Q(has_other_specialties=True)
        else:
            q &= primary | Exists(others)
    for flag in ("accepting_new_patients", "telehealth"):
        if filters.get(flag) is not None:
            # "IS NOT NULL" too, which the flag's value implies: PostgreSQL reads
            # `flag = false` as `NOT flag` and estimates it as 1 - P(true), as if the
            # unknowns (NULL, nearly every imported provider) matched, and walks a
            # whole list for a few rows. With it, the estimate is what editors
            # entered, and the partial index `(flag, …) WHERE flag IS NOT NULL` applies.
            q &= Q(**{f"{prefix}{flag}": filters[flag], f"{prefix}{flag}__isnull": False})
    if filters.get("language"):
        q &= Exists(
            Provider.languages.through.objects.filter(
                provider_id=provider_ref, language=filters["language"]
            )
        )
    return q


class Total(NamedTuple):
    """How many providers a list has: `count`, and whether there are more (`capped`)."""

    count: int
    capped: bool = False


class ExactCount:
    """Count every match. Only for lists known to stay small, whatever the size of the
    directory."""

    def total(self, parts):
        return Total(sum(part.count() for part in parts))


class CappedCount:
    """Count the matches only up to `cap`, and say when there are more.

    PostgreSQL has no cheap exact count: counting a million providers costs far more
    than any page of them. No client can page past a cap anyway (the API's deepest
    item, the site search's last listed doctor), so each part is counted up to what
    the parts before it left below the cap (`SELECT COUNT(*) FROM (… LIMIT n)`), and
    once one part passes it the rest are not counted at all. A part is read in no
    order, unless it is `InOrder` (one range of an index only in that index's order).
    """

    def __init__(self, cap):
        self.cap = cap

    def total(self, parts):
        counted = 0
        for part in parts:
            stop = self.cap + 1 - counted
            if isinstance(part, InOrder):  # read in its index's order (see InOrder)
                counted += part.count_upto(stop)
            else:
                counted += part.order_by()[:stop].count()
            if counted > self.cap:
                break
        return Total(min(counted, self.cap), capped=counted > self.cap)


EXACT = ExactCount()


class FirstFound(NamedTuple):
    """The first matches of a list, read whole up to a limit (`DirectoryQuery.
    first_found`): `rows` to page through, and how many were `found`."""

    rows: object
    found: int

    def counting(self, cap):
        """The total of these rows up to `cap` (they were read up to `cap + 1`): no
        query."""
        return KnownCount(self.found, cap)


class KnownCount:
    """A total already known: `found` matches read, of which at most `cap` are listed
    (more than `cap` means there are more)."""

    def __init__(self, found, cap):
        self.found = found
        self.cap = cap

    def total(self, parts):
        return Total(min(self.found, self.cap), capped=self.found > self.cap)


def listing_depth():
    """The deepest item any list of the directory shows: an API client's deepest
    `offset` (API_OFFSET_MAX) plus its largest page (WAGTAILAPI_LIMIT_MAX), both enforced
    by `core.api_params`. A state page pages no deeper, so no list reads further into an
    index than this, however large a state's list grows."""
    # Here, not at the top: `core.api_params` loads Wagtail's API, which needs the
    # models this module is loaded with.
    from core.api_params import OFFSET_MAX, limit_max, offset_max

    # One below a bigint: a capped count reads up to depth + 1 rows, a LIMIT PostgreSQL
    # must hold.
    return min(offset_max() + limit_max(), OFFSET_MAX - 1)


def paged_count():
    """How the API and the state pages count a narrowed list: exactly up to
    `listing_depth()`, which no visitor or client can page past, and "more" beyond."""
    return CappedCount(listing_depth())


class DirectoryQuery:
    """Live providers matching the directory's filters, in the order asked: a page of
    them, and how many there are.

    `filters`: cleaned values by the declared names (`providers.filters`; a form's
    `cleaned_data`); a name left out is not filtered on, `order` defaults to the
    ranking. `providers`: the providers the list is drawn from and a page's providers
    are loaded from (the API's carries the relations its fields show); every live
    provider by default, and every provider in the admin (narrowed by the admin's own
    filters); `every_live_provider=True` says that `providers`, however it loads
    them, draws from every live provider (the API's), which lets a specialty's list
    judge its size from the specialty alone (`_few_others`). `specialty_part` keeps
    only one half of the specialty filter ("primary": the site search's doctors of a
    specialty, one index).

    - `page(start, stop)`: the providers, in order; in a procedure's list each
      carries its link (`listed_link`: why it is listed);
    - `rows()`: what pages are cut from, sliceable: a procedure's ranked links (each
      with its provider, as a state page shows them) or providers;
    - `total(counting)`: a `Total`, from the summary when it knows, else counted by
      `counting` (`EXACT`, `CappedCount`) over `count_parts()`;
    - `state_counts()`: the summary, per state, of the procedure's live providers.
    """

    def __init__(
        self, filters=None, *, providers=None, every_live_provider=None, specialty_part=None
    ):
        unknown = set(filters or {}) - set(FILTER_NAMES)
        if unknown:
            raise TypeError(f"not a directory filter: {', '.join(sorted(unknown))}")
        self.filters = dict.fromkeys(FILTER_NAMES) | dict(filters or {})
        self.procedure = self.filters["procedure"]
        self.state = self.filters["state"]
        self.search = self.filters["search"] or ""
        self.order = self.filters["order"] or DEFAULT_ORDER
        self.providers_base = Provider.objects.live() if providers is None else providers
        self._every_live_provider = (
            providers is None if every_live_provider is None else every_live_provider
        )
        self.specialty_part = specialty_part
        self._state_counts = None
        # The list's provider ids in order, when `total` read it whole (`reads_whole`).
        self._read_whole = None
        self._read_whole_capped = False

    @cached_property
    def links_key(self):
        """The procedure its links are filed under (`links_key`): the page itself, or
        for a translation its original's."""
        return links_key(self.procedure)

    @property
    def narrowed(self):
        """Whether a filter narrows the list beyond its procedure and state."""
        return self._narrowed_by(NARROWING_FILTERS)

    def _narrowed_by(self, names):
        return any(self.filters[name] not in (None, "") for name in names)

    @property
    def _specialty_split(self):
        """Whether the list is the union of the specialty filter's two halves."""
        return bool(self.filters["specialty"]) and self.specialty_part is None

    # What every list is built from.

    def _links(self, specialty_part=None, search=True):
        """The procedure's ranked links, narrowed by every filter (the search too
        unless told not to)."""
        links = ranked_links(self.links_key, self.state).filter(
            provider_filter_q(self.filters, on_links=True, specialty_part=specialty_part)
        )
        if search and self.search:
            links = search_providers(links, self.search, prefix="provider__")
        return links

    def _providers(self, specialty_part=None, search=True):
        """Live providers narrowed by every filter but the procedure (the search too
        unless told not to), in no particular order."""
        providers = self.providers_base.filter(
            provider_filter_q(self.filters, specialty_part=specialty_part)
        )
        if self.state:
            providers = providers.filter(state=self.state)
        if search and self.search:
            providers = providers.matching(self.search)
        return providers

    def matches(self):
        """Every provider a list without a procedure holds, in no particular order
        (the providers' sitemap: every live provider). A procedure's list is its links:
        `rows()`, `provider_ids()`."""
        if self.procedure is not None:
            raise ValueError("a procedure's list is read from its links: use rows()")
        return self._providers(self.specialty_part)

    # Pages.

    def rows(self):
        """The list in order, sliceable like a queryset: a procedure's ranked links, or
        providers."""
        if self.procedure is not None:
            return self._ordered_links()
        return self._ordered_providers()

    def _ordered_links(self):
        if self.search and (parts := self._link_search_parts()):
            # A name of one word: its two parts (the links whose name starts with it,
            # the providers with it elsewhere; for a specialty, in each of its
            # halves), each read whole and sorted with the page. Walking the ranking
            # testing each link's provider would pass every name before it in the
            # alphabet: past the links with volumes, the ranking is in name order, so
            # a surname's matches lie together near its letter.
            links = OrderedUnion(
                [Whole(part) for part in parts],
                ranked_links(self.links_key, self.state),
                order=LINK_ORDERS[DEFAULT_ORDER],
            )
        elif self._specialty_split:
            # The specialty's two halves, each read in order up to the page's end,
            # not "primary or others" tested on every link on the way to the page.
            links = OrderedUnion(
                [self._links(part) for part in SPECIALTY_PARTS],
                ranked_links(self.links_key, self.state),
            )
        else:
            links = self._links(self.specialty_part)
        if self.order != DEFAULT_ORDER:
            links = links.order_by(*LINK_ORDERS[self.order])
        return links

    def _link_search_parts(self):
        """A procedure's list searched by one word as parts that never overlap: the
        search's two (`link_search_count_parts`), of each of the specialty's halves
        when it is split; None for any other search."""
        parts = []
        for half in SPECIALTY_PARTS if self._specialty_split else (self.specialty_part,):
            split = link_search_count_parts(self._links(half, search=False), self.search)
            if split is None:
                return None
            parts += split
        return parts

    def _ordered_providers(self):
        if self.order == "-years_in_practice":
            # `years_in_practice DESC NULLS LAST`, as the index has it.
            return self._providers(self.specialty_part).order_by(
                YearsForOrder().desc(), *NAME_ORDER
            )
        if self._specialty_split and not self.search:
            # The primary half is one range of `provider_specialty_name`, in name order.
            primary, others = (self._providers(part) for part in SPECIALTY_PARTS)
            if self._few_others(others):
                others = Whole(others)
            return OrderedUnion([primary, others], self.providers_base, order=NAME_ORDER)
        if self.search:
            # A page of the matches in search order, without sorting them all.
            return search_in_order(self._providers(self.specialty_part, search=False), self.search)
        return self._providers(self.specialty_part).order_by(*NAME_ORDER)

    def _few_others(self, others):
        """Whether the "others" half of a list without a procedure holds at most
        `WHOLE_OTHERS_MAX` providers (then it is read whole, see `listing.Whole`).

        With nothing but the specialty narrowing every live provider, the half is the
        specialty's rows in the other-specialties table, less the few unpublished
        providers and those whose primary specialty it also is: that table's
        specialty index counts them without reading a provider. Counting the half
        itself would look up each of those providers' rows, which reading the page
        then does again (the slowest part of a common specialty's deep page). With a
        state or another filter, the half is counted up to the limit.
        """
        beyond = [name for name in NARROWING_FILTERS if name != "specialty"]
        if self.state or self._narrowed_by(beyond) or not self._every_live_provider:
            candidates = others.order_by()
        else:
            specialty = self.filters["specialty"]
            candidates = Provider.specialties.through.objects.filter(
                **{f"specialty{specialty_lookup(specialty)}": specialty}
            )
        return candidates[: WHOLE_OTHERS_MAX + 1].count() <= WHOLE_OTHERS_MAX

    def provider_ids(self):
        """A procedure's list as provider ids in order, sliceable: read from the ranking
        indexes alone (they end with the provider), so reaching a deep offset reads
        index entries, not thousands of link and provider rows."""
        return self.rows().select_related(None).values_list("provider_id", flat=True)

    def page(self, start, stop):
        """The providers from `start` to `stop`, in order. In a procedure's list each
        carries the link it is listed by (`listed_link`), loaded by key with the page:
        no query per provider. A list already read whole (`total`) is cut from what
        was read."""
        if self.read_covers(stop):
            ids = self._read_whole[start:stop]
            if self.procedure is None:
                providers = self.providers_base.in_bulk(ids)
                return [providers[pk] for pk in ids if pk in providers]
        elif self.procedure is None:
            return list(self.rows()[start:stop])
        else:
            ids = list(self.provider_ids()[start:stop])
        listed = ProviderProcedure.objects.filter(procedure=self.links_key, provider_id__in=ids)
        listed = {
            link.provider_id: link for link in listed.only("provider_id", *LISTED_LINK_FIELDS)
        }
        providers = self.providers_base.in_bulk(ids)
        page = []
        for pk in ids:
            if pk in providers and pk in listed:
                listed[pk].procedure = self.procedure  # the same page for every link: no query
                providers[pk].listed_link = listed[pk]
                page.append(providers[pk])
        return page

    def links_page(self, start, stop):
        """A procedure's ranked links from `start` to `stop`, each with its provider (as
        `rows()` holds them: a state page shows links), cut from the provider ids
        `total` read whole (`read_covers`): loaded by key, in one query, the search not
        run again."""
        ids = self._read_whole[start:stop]
        links = ranked_links(self.links_key, self.state).filter(provider_id__in=ids)
        by_provider = {link.provider_id: link for link in links.order_by()}
        return [by_provider[pk] for pk in ids if pk in by_provider]

    def first_found(self, limit):
        """The first `limit` matches the database meets (`FirstFound`), read once: the
        page is cut from them, in name order, and they are their own count.

        For a list that shows only its first matches (the site search's doctors):
        sorting every match of a common surname to take the first hundred reads tens
        of thousands of rows; this stops at `limit` and sorts those. Counting them
        apart would run the search a second time (a name of two words is two prefix
        matches of the full-text index intersected: the slowest part of a site search).
        """
        found = list(self.matches().order_by().values_list("pk", flat=True)[:limit])
        rows = (
            Provider.objects.filter(pk__in=found)
            .select_related("primary_specialty")
            .order_by(*SEARCH_ORDER)
        )
        return FirstFound(rows, len(found))

    # How many.

    def state_counts(self):
        """{USPS code: live providers linked to the procedure}, states with none left
        out: the per-state summary (`providers.counts`), read once per query."""
        if self._state_counts is None:
            self._state_counts = dict(
                summary(procedure=self.links_key).values_list("state", "providers")
            )
        return self._state_counts

    def count_parts(self):
        """Querysets that never share a provider and together hold the list, each
        countable from an index: a list searched by one word in two parts
        (`link_search_count_parts` for a procedure's, of each of the specialty's
        halves; `search_count_parts` for others), the specialty's two halves (not
        when searched: the search's matches are the narrower read), else the list."""
        if self.procedure is not None:
            if self.search and (parts := self._link_search_parts()):
                return parts
            if self._specialty_split:
                return [self._links(part) for part in SPECIALTY_PARTS]
            return [self.provider_ids()]
        if self._specialty_split:
            if self.search:
                # The full-text index narrows the list to the search's matches, and the
                # specialty's "primary or others" is tested on those alone: one pass.
                # Counted by halves, each half read all of the search's matches again.
                return [self.matches()]
            return [self._providers(part) for part in SPECIALTY_PARTS]
        if self.search:
            parts = search_count_parts(
                self._providers(self.specialty_part, search=False), self.search
            )
            if parts:
                return parts
        return [self.matches()]

    def total(self, counting, *, for_page=False):
        """How many providers the list has (a `Total`): a procedure's or state's whole
        list from the summary, exactly; any other by `counting` over its parts.

        `for_page`: the caller takes its page from what counting read next (`page()`,
        `links_page()`: the API list, the state pages, the admin's list by name). A
        list that `reads_whole` is then counted by reading its ids in order up to the
        cap, and the page is cut from them. Other callers count it as any list:
        reading the ids would sort the matches only to count them."""
        if self.procedure is not None and not self.narrowed:
            counts = self.state_counts()
            return Total(counts.get(self.state, 0) if self.state else sum(counts.values()))
        if for_page and isinstance(counting, CappedCount) and self.reads_whole():
            rows = self.rows().select_related(None).prefetch_related(None)
            key = "pk" if self.procedure is None else "provider_id"
            self._read_whole = list(rows.values_list(key, flat=True)[: counting.cap + 1])
            self._read_whole_capped = len(self._read_whole) > counting.cap
            return Total(min(len(self._read_whole), counting.cap), self._read_whole_capped)
        return counting.total(self.count_parts())

    def read_covers(self, stop):
        """Whether `total` read the list whole (`reads_whole`) at least up to `stop`."""
        return self._read_whole is not None and (
            stop <= len(self._read_whole) or not self._read_whole_capped
        )

    def reads_whole(self):
        """Whether the list is counted by reading its providers' ids in order, up to
        the cap, and its pages cut from them (`page`): a name search of several words
        (or of a word other than ASCII letters), which the full-text index answers by
        intersecting every word's prefix matches, the costliest part of the request.
        Counted apart, it ran twice; read whole it runs once, and its matches are
        sorted once, as a page of them was anyway. A bare word is counted by parts
        from the name index instead (`count_parts`), and the specialty's two halves
        are read as their union."""
        return bool(
            self.search
            and not self._specialty_split
            and name_words(search_words(self.search))
            and bare_word(self.search) is None
        )

    @staticmethod
    def states_with_doctors(translation_keys):
        """(translation key, USPS code) of every state page that lists doctors, for the
        procedures of these translation keys, in that order: the summary the state pages
        count from. The rows are filed under the default language's page (`links_key`);
        every translation of it lists the same states, whether that page is live or not."""
        return (
            summary(
                procedure__translation_key__in=translation_keys,
                procedure__locale__language_code=default_language(),
            )
            .order_by("procedure__translation_key", "state")
            .values_list("procedure__translation_key", "state")
        )


def summary(**procedures):
    """Rows of the per-state summary with at least one provider, for `procedures` (a
    lookup on `procedure`)."""
    return ProcedureStateCount.objects.filter(providers__gt=0, **procedures)


class DirectoryPaginator(Paginator):
    """Django's paginator over a `DirectoryQuery`: pages cut from its rows (or from
    `rows`, e.g. `first_found`), and a count that is the query's total under a named
    strategy, not a count of the rows."""

    def __init__(self, query, per_page, counting, rows=None, depth=None):
        super().__init__(query.rows() if rows is None else rows, per_page)
        self.query = query
        # Pages may be cut from what counting read (`read_covers`).
        self.cut_from_query = rows is None
        self.counting = counting
        self.depth = depth

    @cached_property
    def total(self):
        return self.query.total(self.counting, for_page=self.cut_from_query)

    def page(self, number):
        """Django's page; of a list that counting read whole (a search of several
        words, `DirectoryQuery.reads_whole`), cut from what it read, so the search
        does not run again for the page: providers, or a procedure's links (the rows
        a state page shows)."""
        page = super().page(number)  # its rows a lazy slice: nothing read yet
        query = self.query
        if self.cut_from_query and query.read_covers(page.end_index()):
            start, stop = max(page.start_index() - 1, 0), page.end_index()
            if query.procedure is None:
                page.object_list = query.page(start, stop)
            else:
                page.object_list = query.links_page(start, stop)
        return page

    @cached_property
    def count(self):
        """How many rows the pages hold: the total, or only the first `depth` of it
        (see `beyond_depth`)."""
        if self.depth is None:
            return self.total.count
        return min(self.total.count, self.depth)

    @property
    def beyond_depth(self):
        """More providers match than the pages reach: the list says how to narrow it."""
        return self.total.capped or self.count < self.total.count

    @property
    def capped(self):
        """More match than `count` says (`CappedCount`)."""
        return self.total.capped
