"""Query checks for API v3, made before Wagtail's views see the query.

Wagtail 8.0.1's v3 checks each parameter's type (a 422) but hands some well-typed
values to the database or the search backend, which fail with a 500
(docs/upstream/wagtail-api-v3.md): an ``offset`` beyond PostgreSQL's bigint, a
search long enough to exhaust the backend's recursion, ``?pk=`` on the pages list,
and a revision list's ``user_id`` that is no user id. Each is refused here in v3's
problem+json shape, naming the parameter in ``errors`` as v3's own 422s do:

- a number above the site's maximum (``offset`` above `API_OFFSET_MAX`, ``limit``
  above `WAGTAILAPI_LIMIT_MAX`, the same maximums as v2) is a 400, as Wagtail itself
  answers a ``limit`` above its maximum; a value that is no number is left to
  Wagtail, whose 422 already names it;
- a search longer than v2 allows, ``?pk=`` where Wagtail cannot filter by it, and a
  ``locale`` that is none of the site's languages (Wagtail answers it with a 404, as
  if the list were missing) are 400s: values the site does not serve;
- a ``user_id`` the user table's key cannot hold is a 422, as Wagtail answers a field
  filter's value of the wrong type (``?id=abc``).
"""

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.api.v3.errors import problem_response

from core.api_errors import ParameterError
from core.api_params import check_locale, check_search, limit_max, offset_max

# Django Ninja reads an integer query parameter with pydantic's lax int (" 12", "1_0").
INTEGER = TypeAdapter(int)
# Routes (URL names) whose `user_id` filters revisions by their author's id.
REVISION_LISTS = ("list_page_revisions", "list_snippet_revisions")
# Routes where Wagtail offers `pk` as a field filter but asks the model for a field
# named "pk", which no model has (a 500); `id` filters the same.
PK_FILTER_ROUTES = ("list_pages",)


def as_integer(value):
    """`value` read as Wagtail's views read an integer, or None where they answer 422."""
    try:
        return INTEGER.validate_python(value)
    except PydanticValidationError:
        return None


def parameter_problem(status, name, detail, error):
    """A problem detail naming query parameter `name` (`error`: its type and msg)."""
    return problem_response(
        status=status, detail=detail, errors=[{**error, "loc": ["query", name]}]
    )


def above_maximum(query, name, maximum):
    for value in query.getlist(name):
        number = as_integer(value)
        if number is not None and number > maximum:
            values = {"name": name, "maximum": maximum}
            return parameter_problem(
                400,
                name,
                _("%(name)s cannot be higher than %(maximum)s") % values,
                {
                    "type": "less_than_equal",
                    "msg": _("Input should be less than or equal to %(maximum)s") % values,
                    "ctx": {"le": maximum},
                },
            )
    return None


def bad_search(query):
    for value in query.getlist("search"):
        try:
            check_search(value)  # v2's bounds: the same search backend behind both
        except ParameterError as error:
            problem = error.errors["search"]
            return parameter_problem(
                400, "search", str(error), {"type": "value_error", "msg": problem}
            )
    return None


def bad_locale(query):
    for value in query.getlist("locale"):
        try:
            check_locale(value)  # v2's rule: one of settings.LANGUAGES
        except ParameterError as error:
            problem = error.errors["locale"]
            return parameter_problem(400, "locale", str(error), {"type": "enum", "msg": problem})
    return None


def bad_user_id(query):
    key = get_user_model()._meta.pk
    for value in query.getlist("user_id"):
        try:
            key.to_python(value)
        except ValidationError:
            return parameter_problem(
                422,
                "user_id",
                _("Validation failed"),
                {"type": "value_error", "msg": _("Use the id of a user.")},
            )
    return None


def query_problem(request):
    """The error answer for a query Wagtail's view would fail on, or None."""
    query = request.GET
    route = getattr(request.resolver_match, "url_name", None)
    problem = (
        above_maximum(query, "offset", offset_max())
        or above_maximum(query, "limit", limit_max())
        or bad_search(query)
        or bad_locale(query)
    )
    if problem is None and route in PK_FILTER_ROUTES and "pk" in query:
        problem = parameter_problem(
            400,
            "pk",
            _("pk cannot filter this list: filter by id"),
            {"type": "value_error", "msg": _("Filter by id instead.")},
        )
    if problem is None and route in REVISION_LISTS:
        problem = bad_user_id(query)
    return problem
