"""Checks on API query parameters, made before Wagtail or PostgreSQL sees them.

A fuzzing run found a thousand server errors in /api/v2/, all from values Wagtail
passes on unchecked: `find/?id=abc` (`get(id=…)` raises), `?first_published_at=x`
(Wagtail converts only booleans and integers), NUL bytes (PostgreSQL refuses them
in text), offsets beyond a bigint, and long searches (the search backend nests one
expression per word until Python's recursion limit). Each is a client's mistake, so
each is a 400 naming the parameter, never a 500.

`APIParametersMixin` applies the checks to every endpoint (Wagtail's pages, images
and documents, and the provider directory); `StrictFieldsFilter` replaces Wagtail's
field filters. A cms core module: it imports no app.
"""

import re

from rest_framework import status
from rest_framework.response import Response

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.http import Http404
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime

from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import DetailUrlField
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url, parse_boolean

from . import i18n
from .api_errors import bad_parameter, bad_request_body, error_body
from .api_urls import PK_MARK, once_per_response

# PostgreSQL's OFFSET is a bigint: one more and the query fails. Below that,
# settings.API_OFFSET_MAX keeps listings from paging so deep that PostgreSQL reads
# (and throws away) most of a million-row directory to answer one page.
OFFSET_MAX = 2**63 - 1
# The search backend splits a query into terms at spaces and hyphens and nests one
# expression per term: about 150 terms exceed Python's recursion limit. Searches
# people type are a few words; 32 leaves a wide margin.
SEARCH_TERM_SEPARATOR = re.compile(r"[\s\-]+")
SEARCH_MAX_TERMS = 32
SEARCH_MAX_LENGTH = 255
SEARCH_OPERATORS = ("and", "or")
# DRF's `?format=`: JSON, or its browsable HTML. Anything else DRF answers with a 404.
FORMATS = ("json", "api")
# `fields=a(b(c))` nests serializers; Wagtail's parser recurses once per level, so
# thousands of levels exceed the recursion limit. Only relations nest, a few deep.
FIELDS_MAX_DEPTH = 5


def limit_max():
    """The largest `limit` a listing answers: WAGTAILAPI_LIMIT_MAX (v2 and v3 both read
    it; None or 0 for no cap of our own, then PostgreSQL's bigint)."""
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or OFFSET_MAX


def offset_max():
    """The deepest `offset` a listing answers: API_OFFSET_MAX (None or 0 for no cap of
    our own), never beyond PostgreSQL's bigint."""
    return min(getattr(settings, "API_OFFSET_MAX", None) or OFFSET_MAX, OFFSET_MAX)


def page_bounds(request):
    """(start, stop) of the page `offset` and `limit` ask for, checked as Wagtail's
    pagination checks them (`check_query` has refused bad values with its own message
    already)."""
    most = limit_max()
    try:
        offset = int(request.GET.get("offset", 0))
        if offset < 0:
            raise ValueError
    except ValueError as error:
        raise BadRequestError("offset must be a positive integer") from error
    try:
        limit = int(request.GET.get("limit", min(20, most) if most else 20))
        if limit < 0:
            raise ValueError
    except ValueError as error:
        raise BadRequestError("limit must be a positive integer") from error
    if most and limit > most:
        raise BadRequestError(f"limit cannot be higher than {most}")
    return offset, offset + limit


def whole_number(name, value, minimum, maximum):
    """`value` as an int in [minimum, maximum], or a 400 naming `name`.

    ASCII digits only: `str.isdigit()` is true for "²" and "⑦", which `int()`
    refuses, and `int()` accepts other scripts' digits and spaces, which an id in
    a URL never has.
    """
    digits = value[1:] if value.startswith("-") and minimum < 0 else value
    problem = f"use a whole number from {minimum} to {maximum}"
    if not (digits.isascii() and digits.isdigit()):
        raise bad_parameter(name, problem)
    # Longer than the bound cannot be in range; and int() of thousands of digits raises.
    if len(digits) > len(str(max(maximum, -minimum))):
        raise bad_parameter(name, problem)
    number = int(value)
    if not minimum <= number <= maximum:
        raise bad_parameter(name, problem)
    return number


def integer_range(field):
    """The values the database column of an integer field can hold (ids start at 1)."""
    minimum, maximum = connection.ops.integer_field_range(field.get_internal_type())
    return (1, maximum) if isinstance(field, AutoFieldMixin) else (minimum, maximum)


def aware_datetime(name, value):
    """A date and time in ISO 8601 (a date alone is its midnight), aware in TIME_ZONE
    when it has no offset: a naive datetime in a query is a warning, and an error in
    the tests."""
    problem = "use a date and time such as 2024-05-01T09:30:00Z, or a date such as 2024-05-01"
    try:
        parsed = parse_datetime(value)
    except ValueError as error:  # well formed but impossible: 2024-13-45
        raise bad_parameter(name, problem) from error
    if parsed is None:
        raise bad_parameter(name, problem)
    if settings.USE_TZ and timezone.is_naive(parsed):
        return timezone.make_aware(parsed)
    return parsed


def date_value(name, value):
    problem = "use a date such as 2024-05-01"
    try:
        parsed = parse_date(value)
    except ValueError as error:
        raise bad_parameter(name, problem) from error
    if parsed is None:
        raise bad_parameter(name, problem)
    return parsed


def field_value(field, name, value):
    """`value` converted for a filter on `field`, or a 400 naming `name`.

    Text goes to the database as it is (NUL is refused for every parameter before
    this); numbers, dates and booleans are checked here, as the database would
    refuse them with an error rather than an empty result.
    """
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.BooleanField):
        try:
            return parse_boolean(value)
        except ValueError as error:
            raise bad_parameter(name, "use true or false (or 1 or 0)") from error
    if isinstance(field, models.IntegerField):  # AutoFields included
        return whole_number(name, value, *integer_range(field))
    if isinstance(field, models.DateTimeField):
        return aware_datetime(name, value)
    if isinstance(field, models.DateField):
        return date_value(name, value)
    return value


def check_search(value):
    if len(value) > SEARCH_MAX_LENGTH:
        raise bad_parameter("search", f"use at most {SEARCH_MAX_LENGTH} characters")
    terms = [term for term in SEARCH_TERM_SEPARATOR.split(value) if term]
    if len(terms) > SEARCH_MAX_TERMS:
        raise bad_parameter("search", f"use at most {SEARCH_MAX_TERMS} words")


def check_fields(value):
    depth = deepest = 0
    for character in value:
        depth += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, depth)
    if deepest > FIELDS_MAX_DEPTH:
        raise bad_parameter("fields", f"nest fields at most {FIELDS_MAX_DEPTH} levels deep")


def check_query(query):
    """Checks every endpoint needs, on every value of every parameter (``?x=1&x=2``
    included): what Wagtail or the database would fail on, not what each view means."""
    for name, values in query.lists():
        if "\x00" in name:
            raise bad_parameter(name, "null characters are not allowed in parameter names")
        if any("\x00" in value for value in values):
            raise bad_parameter(name, "null characters are not allowed")
    for value in query.getlist("offset"):
        whole_number("offset", value, 0, offset_max())
    for value in query.getlist("limit"):
        whole_number("limit", value, 0, limit_max())
    for value in query.getlist("search"):
        check_search(value)
    for value in query.getlist("search_operator"):
        if value not in SEARCH_OPERATORS:
            raise bad_parameter("search_operator", "use and or or")
    for value in query.getlist("fields"):
        check_fields(value)
    for value in query.getlist("format"):
        if value not in FORMATS:
            raise bad_parameter("format", "use json or api")
    for value in query.getlist("locale"):
        check_locale(value)


def check_locale(value):
    """`?locale=` must be one of the site's languages (Wagtail's pages answer a 404)."""
    codes = i18n.language_codes()
    if value not in codes:
        raise bad_parameter("locale", f"use one of {', '.join(codes)}")
    return value


def requested_language(query):
    """The language an API answer's labels are in: `?locale=`, else the default."""
    values = query.getlist("locale")
    return check_locale(values[-1]) if values else i18n.default_language()


class StrictFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?title=…``, ``?first_published_at=…``), with each value
    converted for its field first (`field_value`).

    Wagtail's `FieldsFilter` converts only booleans and integers and hands dates and
    ids to the database as they come; the rest of its behaviour (which fields, tags,
    `locale` left to its own filter) is kept.
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        fields.discard("locale")  # `LocaleFilter` handles it
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, TaggableManager):
                for tag in value.split(","):
                    queryset = queryset.filter(**{f"{name}__name": tag})
                # Wagtail's SearchFilter refuses to search a tag-filtered queryset.
                queryset._filtered_by_tag = True
            else:
                queryset = queryset.filter(**{name: field_value(field, name, value)})
        return queryset


def strict_filter_backends(backends):
    """A viewset's filter backends with Wagtail's field filter made strict."""
    return [StrictFieldsFilter if backend is FieldsFilter else backend for backend in backends]


class ListedDetailUrlField(DetailUrlField):
    """Wagtail's `detail_url`, the same URL, reversed once per response."""

    def get_attribute(self, instance):
        template = once_per_response(
            self,
            ("detail", type(instance)),
            lambda: get_object_detail_url(
                self.context["router"], self.context["request"], type(instance), PK_MARK
            ),
        )
        if not template:
            return super().get_attribute(instance)  # no endpoint: Wagtail skips the field
        return template.replace(str(PK_MARK), str(instance.pk))


class APIParametersMixin:
    """For every API viewset: refuse bad parameters with a 400 naming them, and answer
    every error in the API's JSON shape (`core.api_errors`).

    Put it first among the bases, before Wagtail's viewset.
    """

    def initial(self, request, *args, **kwargs):
        # Before content negotiation and the view: `?format=%00` is a 400 too.
        check_query(request.GET)
        # Labels (state, specialty and language names, explanations) in the language
        # `?locale=` asks for; codes never change. The middleware's override around the
        # request restores the language afterwards.
        translation.activate(requested_language(request.GET))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def get_renderer_context(self):
        # Compact JSON: Wagtail indents by 4, which leaves Python's C encoder for its
        # pure-Python one (a sixth of a list's time) and adds a fifth to the bytes.
        # People reading the API in a browser have the docs page and its formatter.
        context = super().get_renderer_context()
        context["indent"] = None
        return context

    def find_object(self, queryset, request):
        """`find/?id=` must be an id the table can hold: Wagtail calls `get(id=…)` as is."""
        if "id" in request.GET:
            field_value(queryset.model._meta.pk, "id", request.GET["id"])
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response(bad_request_body(exc), status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, Http404):
            return Response(error_body(str(exc) or "not found"), status=status.HTTP_404_NOT_FOUND)
        # DRF's own errors (405, 406, …) say {"detail": …}: same shape as ours instead.
        # Anything else is re-raised here and answered by core.api_errors.server_error.
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = error_body(str(response.data["detail"]))
        return response
