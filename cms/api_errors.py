"""How the API says that something went wrong: ``{"message": "<param>: <what is wrong>"}``.

Clients of /api/ parse one shape whatever failed: a bad parameter (400), a missing
object (404) or a bug (500). This module is the one place that builds it, for the
API's viewsets (`cms.api_params.APIParametersMixin`) and for Django's error
handlers (`cms/urls.py`), so a later change of the shape is made here only.

A cms core module: it imports no app, so every app's endpoints may use it.
"""

import sys

from rest_framework import views

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults

from wagtail.api.v2.utils import BadRequestError

API_PATH_PREFIX = "/api/"
SERVER_ERROR_MESSAGE = "server error: the request could not be answered; please try again later"
UNAVAILABLE_MESSAGE = "unavailable: the site cannot reach its database; please retry shortly"
UNAVAILABLE_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Temporarily unavailable</title></head><body><main>"
    "<h1>Temporarily unavailable</h1><p>We cannot show this page right now. "
    "Please try again in a few seconds.</p></main></body></html>"
)
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def error_body(message):
    """The JSON body of every API error."""
    return {"message": message}


def bad_parameter(name, problem):
    """The error for a bad query parameter, naming it; raise it from a viewset.

    Wagtail's endpoints turn `BadRequestError` into a 400, so this works in
    Wagtail's own code paths (filters, pagination) as well as ours.
    """
    return BadRequestError(f"{printable(name)}: {problem}")


def printable(name):
    """A parameter name as the message shows it: NUL spelled out, not sent raw."""
    return name.replace("\x00", "\\x00")


def is_api_request(request):
    return request.path.startswith(API_PATH_PREFIX)


def json_error(message, status):
    return JsonResponse(error_body(message), status=status)


# Django's error handlers (handler400/404/500 in cms/urls.py). API clients get the
# API's JSON; every other path keeps Django's HTML pages (templates/404.html, 500.html).


def bad_request(request, exception):
    """A request Django refuses before any view (e.g. more than 1,000 parameters)."""
    if is_api_request(request):
        return json_error("bad request: the request could not be read", 400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """An /api/ path that no endpoint serves answers JSON, as the endpoints' 404s do."""
    if is_api_request(request):
        return json_error("not found", 404)
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
        return json_error(SERVER_ERROR_MESSAGE, 500)
    return defaults.server_error(request)


def unavailable(request):
    if is_api_request(request):
        response = json_error(UNAVAILABLE_MESSAGE, 503)
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
