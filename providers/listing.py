"""Lists that are a union of parts which never overlap, a page at a time.

A filter that is an OR of two conditions ("primary specialty is S, or S is among the
other specialties") can only be tested row by row: PostgreSQL walks the list's order
testing each row, which for a deep page of a procedure's providers read tens of
thousands of links and their providers (docs/performance.md). Split into
two conditions that never match the same row, each can be read from an index in
the list's order and cut at the end of the page; the page is then the first rows of
their ordered union. `OrderedUnion` is that, sliceable like a queryset, so a page is
cut from it as from a queryset.

Used for a name search (`providers.search.OrderedSearch`) and for a list narrowed to a
specialty (`providers.directory_query.DirectoryQuery`: the API and the state pages).

Reading a part in order up to the page's end is right when its rows are dense in that
order. A part with few rows spread over a large table (the providers with a rare
specialty among their other specialties) is better read whole and sorted: in order,
PostgreSQL would walk the whole table's name index testing each row to find them. The
caller, which can count the part cheaply, marks such a part `Whole`.
"""

from django.db import connection


class OrderedUnion:
    """The rows of `parts`, querysets of one model that never share a row, in `order`,
    a page at a time without reading every match.

    A slice `[start:stop]` runs one statement: each part ordered by `order` and cut at
    `stop` (keys only: the primary key and the order's columns), their `UNION ALL`
    ordered again and sliced; PostgreSQL merges the ordered inputs, or sorts at most
    `stop` rows per part. A second query loads the page's rows by primary key from
    `rows` (with whatever `select_related`/`only` it carries), returned in the order.
    So a page costs the same two queries whatever its size, and a part served by an
    index reads only up to the page's end of it.

    `order` is field names (a leading "-" for descending) ending with one that is
    unique among the rows, so that every part and the union agree on one total order
    (defaults to the first part's `order_by`). It must name columns or annotations
    each part has under the same names (`values_list`).

    It has no `count()`: a list's total is counted by a named strategy over its parts
    (`providers.directory_query`), exact or capped, never by reading the union.
    """

    def __init__(self, parts, rows, order=None):
        self.parts = list(parts)
        self.rows = rows
        self.order = tuple(order or self.parts[0].query.order_by)
        self.values = None  # (fields, flat) after `values_list`

    def _cut(self, part, stop):
        """The rows of `part` the union needs for a page ending at `stop`: its first
        `stop` in order, or, for a `Whole` part, all of them in no order (the union's
        own ORDER BY sorts them)."""
        if isinstance(part, Whole):
            return part.rows.order_by()
        return part.order_by(*self.order)[:stop]

    def _clone(self, **changes):
        clone = OrderedUnion(self.parts, self.rows, self.order)
        clone.values = self.values
        clone.__dict__.update(changes)
        return clone

    def order_by(self, *order):
        """The same parts in another order (like `QuerySet.order_by`)."""
        return self._clone(parts=[part.order_by(*order) for part in self.parts], order=order)

    def only(self, *fields):
        """Load only these fields of the page's rows (like `QuerySet.only`)."""
        return self._clone(rows=self.rows.only(*fields))

    def select_related(self, *fields):
        """The page's rows loaded with (or, given None, without) these relations."""
        return self._clone(rows=self.rows.select_related(*fields))

    def values_list(self, *fields, flat=False):
        """Pages of these fields' values instead of rows (like `QuerySet.values_list`).
        Fields among the order's columns come from the page's keys: no second query."""
        if flat and len(fields) != 1:
            raise TypeError("flat=True needs exactly one field")
        return self._clone(values=(fields, flat))

    def columns(self):
        names = [name.removeprefix("-") for name in self.order]
        return tuple(dict.fromkeys(["pk", *names]))

    def keys(self, stop):
        """(pk, order columns) of the first `stop` rows of each part, as one unordered
        queryset (`UNION ALL`) to order and slice."""
        columns = self.columns()
        parts = [self._cut(part, stop).values_list(*columns) for part in self.parts]
        return parts[0].union(*parts[1:], all=True)

    def merged_keys(self, stop):
        """`keys(stop)` ordered, for a database that cannot order and cut the parts of
        a UNION (SQLite, `make run` demos): each part's keys in a query of its own,
        ordered in Python (one stable sort per column, the last first; NULLs first, as
        SQLite orders them; text by code point, as SQLite's default BINARY collation)."""
        columns = self.columns()
        rows = []
        for part in self.parts:
            rows += self._cut(part, stop).values_list(*columns)
        for name in reversed(self.order):
            at = columns.index(name.removeprefix("-"))
            rows.sort(
                key=lambda row, at=at: (row[at] is not None, row[at]),
                reverse=name.startswith("-"),
            )
        return rows

    def __getitem__(self, page):
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError(f"{type(self).__name__} pages by slice only")
        start, stop = page.start or 0, page.stop
        if stop is None or stop <= start:
            return []
        if connection.features.supports_slicing_ordering_in_compound:
            keys = self.keys(stop).order_by(*self.order)[start:stop]
        else:
            keys = self.merged_keys(stop)[start:stop]
        if self.values is not None:
            return self._values(list(keys))
        ids = [row[0] for row in keys]
        if not ids:
            return []
        rows = {row.pk: row for row in self.rows.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def _values(self, keys):
        fields, flat = self.values
        columns = self.columns()
        if all(field in columns for field in fields):
            at = [columns.index(field) for field in fields]
            values = [tuple(row[i] for i in at) for row in keys]
        else:
            ids = [row[0] for row in keys]
            found = {
                row[0]: row[1:]
                for row in self.rows.order_by().filter(pk__in=ids).values_list("pk", *fields)
            }
            values = [found[pk] for pk in ids if pk in found]
        return [value[0] for value in values] if flat else values


class InOrder:
    """A part of a list to count in its own order: `rows`, ordered by an index that
    holds them as one range, counted as their first n in that order
    (`providers.directory_query.CappedCount`).

    A count is otherwise read in no order, and PostgreSQL picks its plan for the
    filter alone. For a range of an index whose filter also tests a column another
    index holds, it may walk all of that other index instead, testing every entry,
    because it expects the matches spread evenly over it (a bare surname's range of
    `provider_search_order`, see `providers.search.search_count_parts`). In the
    index's order the range is the only plan that stops at n.
    """

    def __init__(self, rows):
        self.rows = rows

    def count(self):
        """All of them (`ExactCount`)."""
        return self.rows.count()

    def count_upto(self, stop):
        """How many of the first `stop`, read in order."""
        return self.rows[:stop].count()


class Whole:
    """A part of an `OrderedUnion` read whole rather than in the list's order: for a
    part known to hold few rows (at most what sorting costs little), however they lie
    in the order's index. `order_by` keeps it whole."""

    def __init__(self, rows):
        self.rows = rows

    def order_by(self, *order):
        return Whole(self.rows.order_by(*order))
