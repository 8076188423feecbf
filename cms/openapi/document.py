"""Build the OpenAPI 3.1 document of /api/v2/ from the router and its viewsets.

Paths come from each registered endpoint's URL patterns; query parameters from each
viewset's `known_query_parameters`, `find_query_parameters` (and the directory's
`states_query_parameters`) plus the field filters Wagtail derives from the models;
response items from the serializers (`cms.openapi.fields`) and blocks
(`cms.openapi.blocks`). Only prose and value formats are written here.
"""

import copy
import re
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import URLPattern

from wagtail.api.rich_text import APIRichText
from wagtail.models import Page, get_page_models

from core import i18n
from core.api_params import SEARCH_MAX_LENGTH, integer_range, limit_max, offset_max
from providers.api import ProvidersAPIViewSet
from providers.filters import ORDER_EXPLANATIONS, openapi_parameters

from ..api import api_router
from .blocks import BLOCK_RENDITION
from .fields import COMPONENTS, field_schema, obj

API_PREFIX = "/api/v2/"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
# What `detail/` reads besides its id (it ignores other parameters, as Wagtail does).
DETAIL_PARAMETERS = ("fields", "rich_text_format", "format")
# The directory's operations answer their labels in the language `?locale=` names
# (`core.api_params.APIParametersMixin` checks it and activates it on every endpoint;
# providers.api reads it for the list, a provider and the state counts).
LABEL_LANGUAGE = "locale"
ANY_TEXT = {"type": "string"}

DESCRIPTION = """\
The public, read-only API of the procedures CMS: procedure pages with typed sections,
articles, images, documents and the doctor directory. Live, public content only.

Every 4xx and 5xx answer is JSON of one shape, `Error`: a human `message` and
`errors`, which names each bad query parameter (`{"limit": "use a whole number from
0 to 100"}`; empty when no parameter is at fault, e.g. a 404).

Provider listings filtered by `procedure` come in the order the site's state pages
show, explained in `meta.ranking`; each item's `procedure_basis` says why the
provider is listed (verified, volume or specialty).
"""


def listing_item_schema(viewset, models_):
    """One item of a listing or a detail: every field any of `models_` can send.

    Fields only some types have say so; items carry only the fields asked for
    (`fields`), so none is required.
    """
    body, meta, owners = {}, {}, {}
    for model in models_:
        serializer = viewset._get_serializer_class(
            api_router, model, [("*", False, None)], show_details=True
        )()
        meta_names = set(viewset.get_meta_fields_names(model))
        for name, field in serializer.fields.items():
            target = meta if name in meta_names else body
            schema = field_schema(field, model, name)
            known = target.setdefault(name, [])
            if schema not in known:
                known.append(schema)
            owners.setdefault(name, []).append(model._meta.label)
    properties = {name: merged(schemas) for name, schemas in body.items()}
    if len(models_) > 1:
        for name, schema in properties.items():
            if len(owners[name]) < len(models_):
                properties[name] = {
                    **schema,
                    "description": (
                        schema.get("description", "") + " Only on " + ", ".join(owners[name]) + "."
                    ).strip(),
                }
    properties["meta"] = obj({name: merged(schemas) for name, schemas in meta.items()}, required=[])
    return obj(properties, required=[])


def merged(schemas):
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def endpoint_models(viewset):
    if issubclass(viewset.model, Page):
        return [Page, *(model for model in get_page_models() if model is not Page)]
    return [viewset.model]


def filter_parameter_schema(model, name):
    """A field filter's value, as `core.api_params.field_value` accepts it."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # an attname, such as hero_image_id
        field = next(f for f in model._meta.concrete_fields if f.attname == name)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.BooleanField):
        return {"type": "string", "enum": ["true", "false", "1", "0"]}
    if isinstance(field, models.IntegerField):
        minimum, maximum = integer_range(field)
        return {"type": "integer", "minimum": minimum, "maximum": maximum}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def field_filters(viewset):
    """{name: (schema, [model labels])}: Wagtail's per-field filters for the endpoint."""
    if not hasattr(viewset, "filter_backends") or not viewset.filter_backends:
        return {}
    filters = {}
    for model in endpoint_models(viewset):
        for name in viewset.get_available_fields(model, db_fields_only=True):
            if name in viewset.known_query_parameters:
                continue
            schema, labels = filters.setdefault(name, (filter_parameter_schema(model, name), []))
            labels.append(model._meta.label)
    return filters


# Formats and prose for the operation parameters Wagtail and this project define.
def common_parameters():
    # As `core.api_params.check_query` bounds them.
    limit, offset = limit_max(), offset_max()
    return {
        "limit": (
            {"type": "integer", "minimum": 0, "maximum": limit},
            f"Page size, 0 to {limit} (default 20).",
        ),
        "offset": ({"type": "integer", "minimum": 0, "maximum": offset}, "Items to skip."),
        "fields": (
            ANY_TEXT,
            "Comma-separated fields to add, `-field` to remove, `*` all, `_` none.",
        ),
        "order": (ANY_TEXT, "A field to order by, `-field` descending, or `random`."),
        "search": (
            {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
            "Full-text search, at most 32 words.",
        ),
        "search_operator": ({"type": "string", "enum": ["and", "or"]}, "How search words combine."),
        "rich_text_format": (
            {"type": "string", "enum": sorted(APIRichText._serializers())},
            "Rich text as display HTML (default), markdown or stored HTML.",
        ),
        "_": (ANY_TEXT, "Ignored (cache busting)."),
        "format": (
            {"type": "string", "enum": ["json", "api"]},
            "`json` (default) or `api`, DRF's browsable HTML.",
        ),
        "type": (
            ANY_TEXT,
            "Page type(s), e.g. `procedures.ProcedurePage`; enables that "
            "type's fields and filters.",
        ),
        "child_of": (ANY_TEXT, "A page id, or `root`: its children only."),
        "ancestor_of": (ANY_TEXT, "A page id: its ancestors only."),
        "descendant_of": (ANY_TEXT, "A page id, or `root`: its descendants only."),
        "translation_of": (
            {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": integer_range(Page._meta.pk)[1]},
                    {"type": "string", "const": "root"},
                ]
            },
            "A live page's id, or `root` (the site's home page): that page's translations "
            "in the other languages only (not the page itself). Each item's `meta.locale` "
            "says its language.",
        ),
        "locale": (
            locale_schema(),
            "Only pages in this language (`meta.locale`): English pages, or the Spanish "
            "ones under `/es/`.",
        ),
        "site": (ANY_TEXT, "A site hostname (with `:port` when not 80)."),
        "html_path": (
            ANY_TEXT,
            "A page's path on the site, e.g. `/procedures/vertebroplasty/`.",
        ),
        "id": ({"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "An object's id."),
    }


def locale_schema():
    """`locale`: one of the site's languages (settings.LANGUAGES), default first; any
    other value is a 400 naming it (`core.api_params.check_locale`)."""
    codes = i18n.language_codes()
    return {"type": "string", "enum": codes, "default": i18n.default_language()}


def provider_parameters():
    """The directory's filters as their declaration describes them, `find/?npi=`, and
    the language of the answer's labels."""
    specs = openapi_parameters()
    specs["npi"] = (
        {"type": "string", "pattern": "^[0-9]{10}$"},
        "A 10-digit National Provider Identifier.",
    )
    specs[LABEL_LANGUAGE] = (
        locale_schema(),
        "The language of the answer's labels: state, specialty and language names and "
        "the ranking explanation. Codes (states, taxonomy codes, NPIs, `order`) and URLs "
        "never change with it; `Content-Language` says which language the labels are in.",
    )
    return specs


def parameters(viewset, names, extra_filters=None):
    specs = common_parameters()
    if viewset is ProvidersAPIViewSet:
        specs.update(provider_parameters())
    result = []
    for name in sorted(names):
        if name in specs:
            schema, description = specs[name]
        elif extra_filters and name in extra_filters:
            schema, labels = extra_filters[name]
            description = "Only items whose field equals the value."
            if len(labels) < len(endpoint_models(viewset)):
                description += " With `type=` " + " or ".join(labels) + "."
        else:
            schema, description = ANY_TEXT, ""
        result.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": schema,
                "description": description,
            }
        )
    return result


def json_response(description, schema):
    return {
        "description": description,
        "content": {
            "application/json": {"schema": schema},
            "text/html": {
                "schema": {"type": "string"},
                "x-note": "Only with format=api (DRF's browsable API).",
            },
        },
    }


def error_responses(*statuses):
    """References to the shared error responses (`components.responses`)."""
    return {status: {"$ref": f"#/components/responses/{status}"} for status in statuses}


def listing_schema(name, item_ref, meta_extra=None):
    meta = {"total_count": {"type": "integer", "minimum": 0}}
    meta.update(meta_extra or {})
    return obj(
        {
            "meta": obj(meta, required=["total_count"]),
            "items": {"type": "array", "items": {"$ref": item_ref}},
        },
        description=f"A page of {name}.",
    )


RANKING = obj(
    {
        "order": {"type": "string", "enum": list(ORDER_EXPLANATIONS)},
        "explanation": {
            "type": "string",
            "description": "How the list is ordered, as the state page says it.",
        },
    },
    description="Present when the list is filtered by `procedure`.",
)


TOTAL_COUNT_CAPPED = {
    "type": "boolean",
    "description": (
        "True when more items match than `total_count` says: the directory counts matches "
        "only up to the deepest item a client can page to (`API_OFFSET_MAX` plus the "
        "largest `limit`), so a count never scans a million providers. False when "
        "`total_count` is exact."
    ),
}


def pattern_path(endpoint, pattern):
    route = str(pattern.pattern)
    route = re.sub(
        r"<(?:\w+:)?(\w+)>",
        lambda m: "{" + ("id" if m.group(1) == "pk" else m.group(1)) + "}",
        route,
    )
    return f"{API_PREFIX}{endpoint}/{route}"


def code_operations(router=api_router):
    """{path: (endpoint name, viewset, view action)} for every URL the router serves."""
    operations = {}
    for endpoint, viewset in router._endpoints.items():
        for pattern in viewset.get_urlpatterns():
            if isinstance(pattern, URLPattern):
                action = pattern.callback.actions["get"]
                operations[pattern_path(endpoint, pattern)] = (endpoint, viewset, action)
    return operations


def operation_parameters(viewset, action):
    """The query parameters the code accepts for one operation: (names, field filters)."""
    labelled = {LABEL_LANGUAGE} if viewset is ProvidersAPIViewSet else set()
    if action == "listing_view":
        filters = field_filters(viewset)
        return set(viewset.known_query_parameters) | set(filters) | labelled, filters
    if action == "detail_view":
        return (set(DETAIL_PARAMETERS) & set(viewset.known_query_parameters)) | labelled, {}
    if action == "find_view":
        return set(viewset.find_query_parameters), {}
    if action == "states_view":
        return set(viewset.states_query_parameters) | labelled, {}
    raise ValueError(f"no parameters known for {viewset.__name__}.{action}")


def operation(endpoint, viewset, action):
    names, filters = operation_parameters(viewset, action)
    title = endpoint.capitalize()
    item_ref = f"#/components/schemas/{title}Item"
    op = {
        "operationId": f"{endpoint}_{action.removesuffix('_view')}",
        "tags": [endpoint],
        "parameters": parameters(viewset, names, filters),
    }
    if action == "listing_view":
        op["summary"] = f"List {endpoint}"
        op["responses"] = {
            "200": json_response(
                f"A page of {endpoint}.", {"$ref": f"#/components/schemas/{title}Listing"}
            )
        }
        op["responses"]["200"]["links"] = {
            "item": {
                "operationId": f"{endpoint}_detail",
                "parameters": {"id": "$response.body#/items/0/id"},
                "description": "The first item's detail.",
            }
        }
        op["responses"] |= error_responses("400", "429")
    elif action == "detail_view":
        op["summary"] = f"One of the {endpoint}"
        op["parameters"].insert(
            0,
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
        )
        op["responses"] = {"200": json_response(f"One of the {endpoint}.", {"$ref": item_ref})}
        op["responses"] |= error_responses("400", "404", "429")
    elif action == "find_view":
        op["summary"] = f"Find one of the {endpoint}"
        op["responses"] = {
            "302": {
                "description": "Redirect to the detail URL.",
                "headers": {"Location": {"schema": {"type": "string"}, "required": True}},
            },
        } | error_responses("400", "404", "429")
    elif action == "states_view":
        op["summary"] = "Live providers per state for a procedure (the map's counts)"
        op["parameters"] = [{**p, "required": p["name"] == "procedure"} for p in op["parameters"]]
        op["responses"] = {
            "200": json_response(
                "Counts per state.", {"$ref": "#/components/schemas/ProviderStateCounts"}
            )
        }
        op["responses"] |= error_responses("400", "429")
    return op


STATE_COUNTS = obj(
    {
        "procedure": obj(
            {"id": {"type": "integer"}, "title": {"type": "string"}, "slug": {"type": "string"}}
        ),
        "total": {"type": "integer", "minimum": 0},
        "states": {
            "type": "array",
            "items": obj(
                {
                    "state": {"type": "string", "description": "USPS code."},
                    "name": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "url": {
                        "type": "string",
                        "format": "uri",
                        "description": "The procedure's state page.",
                    },
                }
            ),
        },
    }
)

ERROR = obj(
    {
        "message": {"type": "string", "description": "What went wrong, for people."},
        "errors": {
            "type": "object",
            "description": "Each bad query parameter and what is wrong with it; empty when "
            "no parameter is at fault.",
            "additionalProperties": {"type": "string"},
        },
    },
    description="The one shape of every error under /api/v2/.",
)


def doc_endpoints():
    """Documented paths that are not router endpoints: this document and its page."""
    return {
        f"{API_PREFIX}openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["contract"],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        f"{API_PREFIX}docs/": {
            "get": {
                "operationId": "docs",
                "summary": "This document as a web page",
                "tags": ["contract"],
                "responses": {
                    "200": {
                        "description": "HTML",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    }


@cache
def build_document():
    """The document (cached: it depends only on the code). Callers get a copy."""
    paths = {}
    schemas = dict(COMPONENTS)
    schemas["BlockRendition"] = BLOCK_RENDITION
    schemas["Error"] = ERROR
    schemas["ProviderStateCounts"] = STATE_COUNTS
    for path, (endpoint, viewset, action) in code_operations().items():
        paths[path] = {"get": operation(endpoint, viewset, action)}
        # Any operation can meet a database outage (core.api_errors.database_unavailable).
        paths[path]["get"]["responses"] |= error_responses("503")
        title = endpoint.capitalize()
        if f"{title}Item" not in schemas:
            schemas[f"{title}Item"] = listing_item_schema(viewset, endpoint_models(viewset))
            meta_extra = (
                {"ranking": RANKING, "total_count_capped": TOTAL_COUNT_CAPPED}
                if viewset is ProvidersAPIViewSet
                else None
            )
            schemas[f"{title}Listing"] = listing_schema(
                endpoint, f"#/components/schemas/{title}Item", meta_extra
            )
    paths.update(doc_endpoints())
    responses = {
        status: {
            "description": text,
            "content": {
                "application/json": {"schema": ERROR_REF},
                "text/html": {"schema": {"type": "string"}},
            },
        }
        for status, text in {
            "400": "A bad or unknown query parameter, named in `errors`.",
            "404": "No such object (`errors` is empty).",
            "429": "Too many requests from this client; `Retry-After` says when to retry.",
            "503": "The database cannot be reached (a restart or failover); "
            "`Retry-After` says when to retry. Never cached.",
        }.items()
    }
    for status in ("429", "503"):
        responses[status]["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {"type": "string"},
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Procedures CMS API", "version": "2", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas, "responses": responses},
    }


def document():
    return copy.deepcopy(build_document())
