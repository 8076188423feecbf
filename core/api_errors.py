"""How the API says that something went wrong, one JSON shape for every 4xx and 5xx::

    {"message": "limit: use a whole number from 0 to 100",
     "errors": {"limit": "use a whole number from 0 to 100"}}

Clients of /api/ parse one shape whatever failed: a bad parameter (400), a missing
object (404) or a bug (500). `message` is for people (and, as before `errors`
existed, starts with the parameter's name); `errors` maps each bad query parameter
to what is wrong with it, for programs, and is `{}` when no parameter is at fault.
This module is the one place that builds it, for the API's viewsets
(`core.api_params.APIParametersMixin`) and for Django's error handlers
(`cms/urls.py`); the OpenAPI document (`cms.openapi`) publishes it as `Error`.

Under /api/v3/ (Wagtail's API v3 preview) every error is v3's own shape instead, RFC
9457 ``application/problem+json`` (`wagtail.api.v3.errors.problem_response`): Django's
handlers below answer that there too, so a v3 client parses one shape even for a path
no view serves, a request Django refuses, a bug or a database outage.

A cms core module: it imports no app, so every app's endpoints may use it.
"""

import logging
import re
import sys

from rest_framework import views

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v3.errors import problem_response

from .seo import DEFAULT_SITE_NAME

API_PATH_PREFIX = "/api/"
API_V3_PATH_PREFIX = "/api/v3/"
BAD_REQUEST_MESSAGE = "bad request: the request could not be read"
NOT_FOUND_MESSAGE = "not found"
SERVER_ERROR_MESSAGE = "server error: the request could not be answered; please try again later"
UNAVAILABLE_MESSAGE = "unavailable: the site cannot reach its database; please retry shortly"
logger = logging.getLogger(__name__)
UNAVAILABLE_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Temporarily unavailable</title></head><body><main>"
    "<h1>Temporarily unavailable</h1><p>We cannot show this page right now. "
    "Please try again in a few seconds.</p></main></body></html>"
)
SERVER_ERROR_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Something went wrong</title></head><body><main>"
    "<h1>Something went wrong</h1><p>Sorry, this page could not be shown. "
    "Please try again later.</p></main></body></html>"
)
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def error_body(message, errors=None):
    """The JSON body of every API error."""
    return {"message": message, "errors": dict(errors or {})}


class ParameterError(BadRequestError):
    """A 400 that knows which parameters are at fault: {name: problem}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in errors.items()))


def bad_parameter(name, problem):
    """The error for a bad query parameter, naming it; raise it from a viewset.

    Wagtail's endpoints turn `BadRequestError` into a 400, so this works in
    Wagtail's own code paths (filters, pagination) as well as ours.
    """
    return ParameterError({printable(name): problem})


# Wagtail's own 400 messages, and the parameter each is about (the rest of this
# project's messages start with "<parameter>: ").
UNKNOWN_PARAMETERS = re.compile(
    r"^query parameter is not (?:an operation or )?a recognised (?:field|filter): (?P<names>.+)$"
)
WAGTAIL_MESSAGES = (
    (re.compile(r"^(fields error|unknown fields)\b|does not support nested fields$"), "fields"),
    (re.compile(r"^type doesn't exist$"), "type"),
    (re.compile(r"^(cannot order by .* \((unknown|invalid) field\)|random ordering)"), "order"),
    (re.compile(r"^cannot order by .* while searching"), "order"),
    (re.compile(r"^filtering by tag with a search query|^search is disabled"), "search"),
    (
        re.compile(r"^parent page doesn't exist|^filtering by descendant_of with child_of"),
        "child_of",
    ),
    # ?descendant_of=X names X "ancestor page", ?ancestor_of=X "descendant page".
    (re.compile(r"^ancestor page doesn't exist"), "descendant_of"),
    (re.compile(r"^descendant page doesn't exist"), "ancestor_of"),
    (re.compile(r"^translation_of page doesn't exist"), "translation_of"),
    (
        re.compile(
            r"^(?P<name>child_of|ancestor_of|descendant_of|translation_of|limit|offset|"
            r"rich_text_format) "
        ),
        None,
    ),
    (re.compile(r"^cannot filter by '(?P<name>[^']+)' while searching"), None),
    (re.compile(r"^field filter error\. .* for (?P<name>\S+)"), None),
)
LEADING_NAME = re.compile(r"^(?P<name>[A-Za-z_][\w.\-]*): (?P<problem>.+)$", re.DOTALL)


def message_errors(message):
    """{parameter: problem} read from a 400 message that does not carry them."""
    unknown = UNKNOWN_PARAMETERS.match(message)
    if unknown:
        return dict.fromkeys(unknown["names"].split(", "), "not a parameter of this operation")
    for pattern, name in WAGTAIL_MESSAGES:
        found = pattern.search(message)
        if found:
            return {name or found["name"]: message}
    # "name: problem; other: problem" (the provider filter form, `bad_parameter`).
    errors = {}
    for part in message.split("; "):
        leading = LEADING_NAME.match(part)
        if leading is None:
            return {}
        errors[leading["name"]] = leading["problem"]
    return errors


def bad_request_body(exc):
    """The body of a 400 from a `BadRequestError`, Wagtail's or ours."""
    message = str(exc)
    errors = getattr(exc, "errors", None)
    return error_body(message, errors if errors is not None else message_errors(message))


def printable(name):
    """A parameter name as the message shows it: NUL spelled out, not sent raw."""
    return name.replace("\x00", "\\x00")


def is_api_request(request):
    return request.path.startswith(API_PATH_PREFIX)


def json_error(message, status):
    return JsonResponse(error_body(message), status=status)


def api_error(request, message, status):
    """The API's error answer for `request`: v3's problem detail under /api/v3/ (the
    message, without the "name: " that starts v2's, as its `detail`), else v2's JSON."""
    if request.path.startswith(API_V3_PATH_PREFIX):
        detail = message.partition(": ")[2] or message
        return problem_response(status=status, detail=detail[:1].upper() + detail[1:])
    return json_error(message, status)


# Django's error handlers (handler400/404/500 in cms/urls.py). API clients get the
# API's JSON; every other path keeps Django's HTML pages (templates/404.html, 500.html).


def bad_request(request, exception):
    """A request Django refuses before any view (e.g. more than 1,000 parameters)."""
    if is_api_request(request):
        return api_error(request, BAD_REQUEST_MESSAGE, 400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """An /api/ path that no endpoint serves answers JSON, as the endpoints' 404s do."""
    if is_api_request(request):
        return api_error(request, NOT_FOUND_MESSAGE, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """An unexpected exception: under /api/ still JSON, and no detail of the bug.

    The database being unreachable (restarting, failing over) is not a bug in the
    request: that is a 503 with Retry-After, so clients, proxies and load balancers
    retry instead of reporting a broken page.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return unavailable(request)
    if is_api_request(request):
        return api_error(request, SERVER_ERROR_MESSAGE, 500)
    return friendly_server_error()


def friendly_server_error():
    """templates/500.html in the site's design, rendered as things are broken.

    No request context: no context processor (site settings read the database) and
    nothing the template could look up may fail, so the page is a plain template
    given the default site name.
    """
    try:
        template = loader.get_template(defaults.ERROR_500_TEMPLATE_NAME)
        return HttpResponseServerError(template.render({"site_name": DEFAULT_SITE_NAME}))
    except Exception:  # the breakage may be the template's own (a missing static manifest)
        logger.warning("The 500 page could not be rendered; answering plain HTML", exc_info=True)
        return HttpResponseServerError(SERVER_ERROR_PAGE)


def unavailable(request):
    if is_api_request(request):
        response = api_error(request, UNAVAILABLE_MESSAGE, 503)
    else:
        response = HttpResponse(UNAVAILABLE_PAGE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def drf_exception_handler(exc, context):
    """DRF's own errors (the rate limit's 429, a refused method) in the API's shape.

    DRF answers `{"detail": ...}`; clients parse one shape, so the detail becomes the
    message. Headers DRF sets (Retry-After on a 429) are kept.
    """
    response = views.exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = error_body(str(response.data["detail"]))
    return response
