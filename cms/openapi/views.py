"""`/api/v2/openapi.json` and `/api/v2/docs/`: the contract, for machines and people.

The docs page is rendered on the server from the same document, with the site's own
stylesheet: no script, no CDN, so it works offline and under the site's CSP.
"""

import json
import re
from functools import wraps

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt

from core.api_errors import json_error

from .document import document


def read_only(view):
    """GET and HEAD only; other methods get a 405 in the API's error shape, as the
    endpoints' do (Django's `require_safe` answers an empty body). Exempt from CSRF
    like DRF's views: nothing is written, and a POST would otherwise be an HTML 403."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = json_error(f'Method "{request.method}" not allowed.', 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@read_only
def openapi_json(request):
    return JsonResponse(document(), json_dumps_params={"indent": 2})


CODE_SPAN = re.compile(r"`([^`]+)`")


def prose(text):
    """The document's Markdown-ish prose as HTML: escaped, `code` spans kept as code."""
    return mark_safe(CODE_SPAN.sub(r"<code>\1</code>", escape(text)))  # noqa: S308 - escaped


def schema_name(ref):
    return ref.rsplit("/", 1)[-1]


def response_rows(responses):
    rows = []
    for status, response in responses.items():
        ref = response.get("$ref")
        schema_ref = None
        if ref is None:
            content = response.get("content", {}).get("application/json", {})
            schema_ref = content.get("schema", {}).get("$ref")
        rows.append(
            {
                "status": status,
                "description": prose(response.get("description", "")),
                "ref": schema_name(ref) if ref else None,
                "schema": schema_name(schema_ref) if schema_ref else None,
            }
        )
    return rows


@read_only
def docs(request):
    doc = document()
    operations = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "anchor": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "parameters": [
                        {
                            **param,
                            "description": prose(param.get("description", "")),
                            "schema_json": json.dumps(param["schema"]),
                        }
                        for param in op.get("parameters", [])
                    ],
                    "responses": response_rows(op.get("responses", {})),
                }
            )
    schemas = [
        {"name": name, "json": json.dumps(schema, indent=2, ensure_ascii=False)}
        for name, schema in doc["components"]["schemas"].items()
    ]
    return render(
        request,
        "api/docs.html",
        {
            "info": doc["info"],
            "description": [prose(part) for part in doc["info"]["description"].split("\n\n")],
            "operations": operations,
            "schemas": schemas,
        },
    )
