"""StreamField JSON Schemas for API v3, the same as v2's document publishes.

Wagtail 8.0.1's v3 types every StreamField as ``list[Any]`` (``{"type": "array",
"items": {}}`` in its OpenAPI document), so a generated client knows nothing of a
procedure's sections. Its read schema generator takes a function per model field
class (`read_generator.register_field_schema`); this one keeps Wagtail's resolver
(the value is still `stream_block.get_api_representation`, as in v2) and only
annotates the type with the JSON Schema `cms.openapi.blocks` builds from the block
definitions. Responses are not re-validated against it by pydantic (the annotation is
``list[Any]``); tests validate real responses against the document instead.
"""

import logging
from typing import Annotated

from pydantic import WithJsonSchema

from wagtail.api.v3.schemas.generators.read import read_generator, streamfield_schema
from wagtail.fields import StreamField

from cms.openapi.blocks import BLOCK_RENDITION, stream_schema
from cms.openapi.errors import SchemaGap

logger = logging.getLogger(__name__)

REFS = {"#/components/schemas/BlockRendition": BLOCK_RENDITION}


def inlined(schema):
    """v2's block schemas refer to v2's components; v3's document has none of those,
    so each `$ref` is replaced by what it names."""
    if isinstance(schema, dict):
        if set(schema) == {"$ref"} and schema["$ref"] in REFS:
            return inlined(REFS[schema["$ref"]])
        return {key: inlined(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [inlined(item) for item in schema]
    return schema


def stream_json_schema(field):
    return inlined(stream_schema(field.stream_block))


def described_streamfield_schema(generator, field):
    annotation, default, resolver = streamfield_schema(generator, field)
    try:
        schema = stream_json_schema(field)
    except SchemaGap:
        # The v2 document and its tests fail loudly on a gap; the site still starts.
        logger.exception("API v3: no JSON Schema for %s, published as opaque", field)
        return annotation, default, resolver
    return Annotated[annotation, WithJsonSchema(schema)], default, resolver


def register():
    read_generator.register_field_schema(StreamField, described_streamfield_schema)
