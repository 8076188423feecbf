"""What the site lets through to Wagtail's v3 views, and what its document lists.

Each v3 URL pattern's view is wrapped (`guarded_urls`), so the checks run for every
route Wagtail mounts, including ones a later Wagtail release adds:

- only GET: v3 here is for reading drafts and revisions; writes (create, edit,
  publish, delete, sites, redirects, uploads) stay in the admin. Other methods answer
  405, HEAD and OPTIONS included (Django Ninja answers them 405 as well);
- snippets only for the models in ``API_V3_SNIPPET_TYPES`` (default none); any other
  snippet route answers 404, as does its schema under ``/schema/{type}/``, and
  ``/schema/`` does not list it;
- a snippet ``pk`` that the model's primary key cannot hold answers 404: Wagtail 8.0.1
  passes it to the database and answers 500 (docs/upstream/wagtail-api-v3.md);
- a NUL byte in the query string answers 400 (PostgreSQL refuses it in text
  parameters: a 500 otherwise);
- the values Wagtail would pass on to the database or the search backend and fail
  on (an ``offset`` beyond a bigint, …), and a ``locale`` that is none of the site's
  languages, are refused first (`cms.api_v3.params`).

Errors keep v3's own shape, RFC 9457 ``application/problem+json``, so a v3 client
parses one shape whatever answered: an error a view answers in another shape (Django
Ninja's plain-text 405 for a route with no GET) is turned into one here, and
`core.api_errors` answers Django's 400, 404, 500 and 503 under /api/v3/ the same way.
The document says so: every operation's 4XX and 5XX answers are `ProblemDetail`.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _

from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail, problem_response
from wagtail.coreutils import resolve_model_string
from wagtail.models import Site
from wagtail.snippets.models import get_snippet_models

from core import routing
from core.api_params import limit_max, offset_max
from core.i18n import language_codes

from .params import query_problem

READ_METHODS = ("GET",)
OPENAPI_URL_NAME = "openapi-json"
SCHEMA_LIST_URL_NAME = "list_schemas"
FIND_PAGE_URL_NAME = "find_page"
ANONYMOUS_SCHEME = "AllowAnonymous"
# Headers of an error answer a client acts on, kept when it becomes a problem detail.
ERROR_HEADERS = ("Retry-After", "WWW-Authenticate")
PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetail"}


def allowed_snippet_labels():
    return {label.lower() for label in getattr(settings, "API_V3_SNIPPET_TYPES", ())}


def snippet_model(label):
    """The snippet model a v3 ``type`` names, or None for anything else."""
    try:
        model = resolve_model_string(label)
    except (LookupError, ValueError):
        return None
    return model if model in get_snippet_models() else None


def not_found():
    return problem_response(status=404, detail=_("Not found"))


def method_not_allowed(allowed=READ_METHODS):
    response = problem_response(
        status=405, detail=_("API v3 is read-only here: edit content in the admin.")
    )
    response["Allow"] = ", ".join(allowed)
    return response


def refusal(request, kwargs):
    """The error answer for a request the site does not serve, or None to serve it."""
    if request.method not in READ_METHODS:
        return method_not_allowed()
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return problem_response(
            status=400, detail=_("Query parameters may not contain NUL characters.")
        )
    label = kwargs.get("type") or kwargs.get("type_name")
    model = snippet_model(label) if label else None
    if model is not None and model._meta.label_lower not in allowed_snippet_labels():
        return not_found()
    if "type" in kwargs and "pk" in kwargs:
        if model is None:
            return None  # Not a snippet type: Wagtail answers 422 itself.
        try:
            model._meta.pk.to_python(unquote(kwargs["pk"]))
        except ValidationError:
            return not_found()
    return None


def as_problem(response):
    """`response` if it is no error or already a problem detail; else the same error as
    one, with the headers that tell the client what to do next."""
    if response.status_code < 400 or response.get("Content-Type") == PROBLEM_JSON:
        return response
    if response.status_code == 405:
        # Django Ninja allows the route's own methods; the site serves only GET of them
        # (an empty Allow: a route of writes only is turned off here, RFC 9110 15.5.6).
        allowed = [m.strip() for m in response.get("Allow", "").split(",")]
        problem = method_not_allowed([method for method in READ_METHODS if method in allowed])
    else:
        problem = problem_response(status=response.status_code)
    for header in ERROR_HEADERS:
        if header in response:
            problem[header] = response[header]
    return problem


def guard(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        refused = refusal(request, kwargs)
        if refused is None:
            refused = query_problem(request)
        if refused is not None:
            return refused
        return as_problem(view(request, *args, **kwargs))

    return guarded


def bounded(parameter):
    """`limit` and `offset` with the maximums the guard enforces."""
    maximum = {"limit": limit_max, "offset": offset_max}.get(parameter.get("name"))
    if parameter.get("in") == "query" and maximum is not None:
        parameter["schema"] = {**parameter["schema"], "maximum": maximum()}
    return parameter


def languages(parameter):
    """`locale` as one of the site's languages, which is all the guard lets through."""
    if parameter.get("in") == "query" and parameter.get("name") == "locale":
        parameter["schema"] = {"type": "string", "enum": language_codes()}
    return parameter


def served_document(document):
    """The OpenAPI document of what the guard lets through: read operations only, no
    snippet routes but the allowed types', and only the schemas those refer to; with
    the maximums of `limit` and `offset` and every error as a problem detail; and
    valid (see ANONYMOUS_SCHEME)."""
    allowed = sorted(
        model._meta.label
        for model in get_snippet_models()
        if model._meta.label_lower in allowed_snippet_labels()
    )
    paths = {}
    for path, operations in document["paths"].items():
        if "/snippets/" in path and not allowed:
            continue
        kept = {method: op for method, op in operations.items() if method.upper() in READ_METHODS}
        for operation in kept.values():
            if "security" in operation:
                operation["security"] = [
                    {} if requirement == {ANONYMOUS_SCHEME: []} else requirement
                    for requirement in operation["security"]
                ]
            for parameter in operation.get("parameters", ()):
                if "/snippets/" in path and parameter.get("name") == "type":
                    parameter["schema"] = {"type": "string", "enum": allowed}
                bounded(parameter)
                languages(parameter)
            for statuses in ("4XX", "5XX"):
                operation["responses"].setdefault(statuses, problem_responses())
        if kept:
            paths[path] = kept
    document["paths"] = paths
    # Wagtail 8.0.1 declares its anonymous fallback as an HTTP security scheme with no
    # `scheme` (invalid OpenAPI); OpenAPI says "no authentication" with `{}` instead.
    document.get("components", {}).get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
    schemas = document.get("components", {}).get("schemas", {})
    schemas["ProblemDetail"] = ProblemDetail.model_json_schema()
    used = referenced(paths, schemas)
    document.setdefault("components", {})["schemas"] = {
        name: schema for name, schema in schemas.items() if name in used
    }
    return document


def problem_responses():
    return {
        "description": _("An error, as an RFC 9457 problem detail."),
        "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}},
    }


def referenced(root, schemas):
    """Names of the component schemas reachable from `root` through `$ref`s."""
    prefix = "#/components/schemas/"
    seen, pending = set(), [root]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                name = ref.removeprefix(prefix)
                if name not in seen and name in schemas:
                    seen.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return seen


def document_view(view):
    @wraps(view)
    def filtered(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        document = served_document(json.loads(response.content))
        return HttpResponse(json.dumps(document), content_type=response["Content-Type"])

    return filtered


def schema_list_view(view):
    """`/schema/` lists every registered content type: not the snippets not served."""

    @wraps(view)
    def filtered(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        listing = json.loads(response.content)
        listing["types"] = [
            entry
            for entry in listing["types"]
            if (model := snippet_model(entry["name"])) is None
            or model._meta.label_lower in allowed_snippet_labels()
        ]
        return HttpResponse(json.dumps(listing), content_type=response["Content-Type"])

    return filtered


def find_page_view(view):
    """`find/?html_path=` in every language: Wagtail routes every path from
    `Site.root_page` (the English tree) and answers 404 to `/es/procedimientos/…`.
    Such a path is routed from the Spanish home page (`core.routing`) and handed to
    Wagtail as `?id=`, so what the caller may see is still Wagtail's decision."""

    @wraps(view)
    def localized(request, *args, **kwargs):
        path = request.GET.get("html_path")
        site = Site.find_for_request(request) if path else None
        page = routing.language_path_route(request, site, path) if site else routing.NOT_PREFIXED
        if page is None:
            return not_found()
        if page is not routing.NOT_PREFIXED:
            query = request.GET.copy()
            del query["html_path"]
            query["id"] = str(page.pk)
            request.GET = query
        return view(request, *args, **kwargs)

    return localized


def guarded_urls(urls):
    """``api.urls`` (patterns, app name, namespace) with every view guarded."""
    patterns, app_name, namespace = urls
    return [wrapped(pattern) for pattern in patterns], app_name, namespace


def wrapped(pattern):
    if isinstance(pattern, URLResolver):
        pattern.url_patterns[:] = [wrapped(child) for child in pattern.url_patterns]
        return pattern
    view = pattern.callback
    if pattern.name == OPENAPI_URL_NAME:
        view = document_view(view)
    elif pattern.name == SCHEMA_LIST_URL_NAME:
        view = schema_list_view(view)
    elif pattern.name == FIND_PAGE_URL_NAME:
        view = find_page_view(view)
    return URLPattern(pattern.pattern, guard(view), pattern.default_args, pattern.name)
