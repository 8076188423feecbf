"""What the site lets through to Wagtail's v3 views, and what its document lists.

Each v3 URL pattern's view is wrapped (`guarded_urls`), so the checks run for every
route Wagtail mounts, including ones a later Wagtail release adds:

- only GET (and HEAD/OPTIONS): v3 here is for reading drafts and revisions; writes
  (create, edit, publish, delete, sites, redirects, uploads) stay in the admin. Others
  answer 405;
- snippets only for the models in ``API_V3_SNIPPET_TYPES`` (default none); any other
  snippet route answers 404, as does its schema under ``/schema/{type}/``, and
  ``/schema/`` does not list it;
- a snippet ``pk`` that the model's primary key cannot hold answers 404: Wagtail 8.0.1
  passes it to the database and answers 500 (docs/upstream/wagtail-api-v3.md);
- a NUL byte in the query string answers 400 (PostgreSQL refuses it in text
  parameters: a 500 otherwise).

Errors keep v3's own shape, RFC 9457 ``application/problem+json``, so a v3 client
parses one shape whatever answered.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _

from wagtail.api.v3.errors import problem_response
from wagtail.coreutils import resolve_model_string
from wagtail.snippets.models import get_snippet_models

READ_METHODS = ("GET", "HEAD", "OPTIONS")
OPENAPI_URL_NAME = "openapi-json"
SCHEMA_LIST_URL_NAME = "list_schemas"
ANONYMOUS_SCHEME = "AllowAnonymous"


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


def refusal(request, kwargs):
    """The error answer for a request the site does not serve, or None to serve it."""
    if request.method not in READ_METHODS:
        response = problem_response(
            status=405, detail=_("API v3 is read-only here: edit content in the admin.")
        )
        response["Allow"] = ", ".join(READ_METHODS)
        return response
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


def guard(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        refused = refusal(request, kwargs)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return guarded


def served_document(document):
    """The OpenAPI document of what the guard lets through: read operations only, no
    snippet routes but the allowed types', and only the schemas those refer to; and
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
        if kept:
            paths[path] = kept
    document["paths"] = paths
    # Wagtail 8.0.1 declares its anonymous fallback as an HTTP security scheme with no
    # `scheme` (invalid OpenAPI); OpenAPI says "no authentication" with `{}` instead.
    document.get("components", {}).get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
    schemas = document.get("components", {}).get("schemas", {})
    used = referenced(paths, schemas)
    document.setdefault("components", {})["schemas"] = {
        name: schema for name, schema in schemas.items() if name in used
    }
    return document


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
    return URLPattern(pattern.pattern, guard(view), pattern.default_args, pattern.name)
