"""JSON Schemas of the fields an API v2 endpoint serializes, from its real serializer.

For each model an endpoint serves, the generator asks the viewset for the serializer
it would use with ``fields=*`` on a detail view (every field it can send), and maps
each DRF field to a schema: Django model fields by their type and nullability,
StreamFields by their blocks (`cms.openapi.blocks`), and serializer fields whose
output only their code knows by `SERIALIZER_FIELDS` below. A field with no known
shape raises `SchemaGap`, so a new API field cannot reach clients undocumented.
"""

from rest_framework import fields as drf
from rest_framework import relations

from django.core.exceptions import FieldDoesNotExist

from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField

from costs.api import ProcedureMedicareCostsField
from costs.schemas import PROCEDURE_COSTS_SCHEMA, PROVIDER_COSTS_SCHEMA
from editorial.serializers import DisclaimerField, PeopleField, PersonField, ReferencesField
from home.serializers import PopularProceduresField
from procedures.serializers import FeaturedArticlesField, PerformingSpecialtiesField
from providers.serializers import (
    LanguagesField,
    ListedProcedureBasisField,
    MedicareCostsField,
    PracticeLocationField,
    ProcedureLinksField,
    ProfileUrlField,
    SpecialtiesField,
    SpecialtyField,
)

from .blocks import RENDITION, nullable, stream_schema
from .errors import SchemaGap

STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}


def obj(properties, required=None, description=None):
    schema = {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


NESTED_PAGE = obj(
    {
        "id": {"type": "integer"},
        "meta": obj(
            {"type": STRING, "detail_url": URL, "html_url": nullable(URL)},
        ),
        "title": STRING,
    },
    description="A related page: id, type, links and title.",
)

SPECIALTY = obj(
    {
        "code": {"type": "string", "description": "NUCC taxonomy code, e.g. 2085R0204X."},
        "name": STRING,
        "classification": STRING,
        "specialization": STRING,
    }
)

BASIS = {
    "type": "string",
    "enum": ["verified", "volume", "specialty"],
    "description": "Why the directory says the provider performs the procedure, strongest "
    "first: verified by an editor, billing volume in public data, or a specialty that "
    "typically performs it.",
}

PROCEDURE_LINK = obj(
    {
        "id": {"type": "integer", "description": "The procedure page's id."},
        "title": STRING,
        "slug": STRING,
        "url": URL,
        "basis": BASIS,
        "basis_text": {"type": "string", "description": "The basis in one line, as pages say it."},
        "annual_volume": nullable({"type": "integer", "minimum": 1}),
        "volume_year": nullable({"type": "integer"}),
        "volume_source": nullable(STRING),
        "verified_on": nullable({"type": "string", "format": "date"}),
        "verification_source": nullable(STRING),
    }
)

# Serializer fields whose JSON only their code knows: class -> schema.
PERSON = obj(
    {
        "name": STRING,
        "credentials": STRING,
        "role": STRING,
        "npi": {"type": "string", "description": "10-digit NPI, or empty."},
        "bio": STRING,
        "profile_url": STRING,
        "photo": nullable(
            obj(
                {
                    "url": STRING,
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                    "alt": STRING,
                }
            )
        ),
    },
    description="An author or clinical reviewer (the editorial Person snippet).",
)

REFERENCE = obj(
    {
        "number": {"type": "integer", "minimum": 1, "description": "As cited on the page."},
        "title": STRING,
        "authors": STRING,
        "publisher": STRING,
        "year": nullable({"type": "integer"}),
        "doi": STRING,
        "pmid": STRING,
        "url": {
            "type": "string",
            "description": "The writer's link, else https://doi.org/…, else PubMed; or empty.",
        },
        "accessed": nullable({"type": "string", "format": "date"}),
    }
)

SERIALIZER_FIELDS = {
    wagtail_serializers.TypeField: {"type": "string", "description": "app_label.ModelName"},
    wagtail_serializers.PageTypeField: {"type": "string", "description": "app_label.ModelName"},
    wagtail_serializers.DetailUrlField: URL,
    wagtail_serializers.PageHtmlUrlField: nullable(URL),
    wagtail_serializers.PageLocaleField: {"type": "string", "description": "Language code."},
    wagtail_serializers.PageParentField: nullable({"$ref": "#/components/schemas/NestedPage"}),
    wagtail_serializers.PageAliasOfField: nullable({"$ref": "#/components/schemas/NestedPage"}),
    wagtail_serializers.TagsField: {"type": "array", "items": STRING},
    wagtail_serializers.RichTextFieldSerializer: {
        "type": "string",
        "description": "Rich text: display HTML by default (`rich_text_format`).",
    },
    ImageDownloadUrlField: STRING,
    DocumentDownloadUrlField: URL,
    ImageRenditionField: nullable(
        {
            "anyOf": [
                {"$ref": "#/components/schemas/Rendition"},
                obj({"error": {"const": "SourceImageIOError"}}),
            ]
        }
    ),
    PeopleField: {
        "type": "array",
        "description": "The page's authors, in byline order.",
        "items": PERSON,
    },
    PersonField: nullable(PERSON),
    ReferencesField: {
        "type": "array",
        "description": "The evidence, numbered as the page cites it.",
        "items": REFERENCE,
    },
    DisclaimerField: {
        "type": "string",
        "description": "The site's medical disclaimer, in the page's language.",
    },
    FeaturedArticlesField: {
        "type": "array",
        "description": "Featured articles, live and public only, in the editor's order.",
        "items": obj({"id": {"type": "integer"}, "title": STRING, "url": URL, "summary": STRING}),
    },
    PopularProceduresField: {
        "type": "array",
        "description": "The home page's popular procedures, live and public only: the "
        "editor's picks in order, or the first procedures A to Z when none are picked.",
        "items": obj({"id": {"type": "integer"}, "title": STRING, "url": URL, "summary": STRING}),
    },
    PerformingSpecialtiesField: {
        "type": "array",
        "description": "NUCC specialties that typically perform the procedure.",
        "items": obj({"code": STRING, "name": STRING}),
    },
    SpecialtyField: nullable({"$ref": "#/components/schemas/Specialty"}),
    SpecialtiesField: {
        "type": "array",
        "description": "All specialties, primary first.",
        "items": obj({**SPECIALTY["properties"], "primary": {"type": "boolean"}}),
    },
    PracticeLocationField: obj(
        {
            "address_line_1": STRING,
            "address_line_2": STRING,
            "city": STRING,
            "state": {"type": "string", "description": "USPS code."},
            "state_name": STRING,
            "zip_code": STRING,
            "phone": STRING,
        }
    ),
    LanguagesField: {
        "type": "array",
        "items": obj({"code": {"type": "string", "description": "ISO 639-1"}, "name": STRING}),
    },
    ProcedureLinksField: {
        "type": "array",
        "description": "Live procedures the provider performs, strongest basis first.",
        "items": {"$ref": "#/components/schemas/ProcedureLink"},
    },
    ListedProcedureBasisField: nullable(
        {
            "$ref": "#/components/schemas/ProcedureLink",
            "description": "In a list filtered by `procedure`: that procedure and why the "
            "provider is listed for it (the first key of the ranking). Null elsewhere.",
        }
    ),
    ProfileUrlField: URL,
    ProcedureMedicareCostsField: PROCEDURE_COSTS_SCHEMA,
    MedicareCostsField: PROVIDER_COSTS_SCHEMA,
}

# Model properties (serialized by DRF's ReadOnlyField): (model label, name) -> schema.
PROPERTIES = {
    ("providers.provider", "display_name"): {
        "type": "string",
        "description": "Prefix, names, suffix and credential, as pages show them.",
    },
}

COMPONENTS = {
    "Rendition": RENDITION,
    "NestedPage": NESTED_PAGE,
    "Specialty": SPECIALTY,
    "ProcedureLink": PROCEDURE_LINK,
}


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def drf_field_schema(field, model, name):
    """The schema of DRF's own field types, as ModelSerializer builds them."""
    if isinstance(field, drf.ListField):
        return {"type": "array", "items": drf_field_schema(field.child, model, name)}
    if isinstance(field, drf.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, drf.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
    elif isinstance(field, drf.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, drf.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, drf.CharField):  # URLField included
        schema = {"type": "string"}
    elif isinstance(field, drf.ChoiceField):
        schema = {"type": "string", "enum": [str(key) for key in field.choices]}
    elif isinstance(field, drf.ReadOnlyField):
        key = (model._meta.label_lower, name)
        if key not in PROPERTIES:
            raise SchemaGap(
                f"{model._meta.label}.{name} is a property: declare its JSON in "
                "cms.openapi.fields.PROPERTIES"
            )
        return PROPERTIES[key]
    elif isinstance(field, relations.RelatedField):
        schema = obj(
            {"id": {"type": "integer"}, "meta": obj({"type": STRING, "detail_url": URL})},
            required=["id"],
        )
    else:
        raise SchemaGap(f"{model._meta.label}.{name}: no JSON Schema for {type(field).__name__}")
    return nullable(schema) if getattr(field, "allow_null", False) else schema


def field_schema(field, model, name):
    """The JSON Schema of one serializer field of `model`."""
    klass = type(field)
    if klass is wagtail_serializers.StreamField:
        return stream_schema(model_field(model, field.source or name).stream_block)
    # A subclass that only changes how the value is computed (the providers' cheaper
    # `detail_url`) keeps its base's JSON.
    known = next((base for base in klass.__mro__ if base in SERIALIZER_FIELDS), None)
    if known is not None:
        schema = SERIALIZER_FIELDS[known]
        # A field reading one attribute (not the whole object) gets null for None.
        source = model_field(model, field.source or name)
        already = {"type": "null"} in schema.get("anyOf", [])
        if field.source != "*" and source is not None and source.null and not already:
            schema = nullable(schema)
        return schema
    if klass.__module__.startswith("rest_framework."):
        schema = drf_field_schema(field, model, name)
        source = model_field(model, name)
        help_text = getattr(source, "help_text", "")
        if help_text and "description" not in schema:
            schema = {**schema, "description": str(help_text)}
        return schema
    raise SchemaGap(
        f"{model._meta.label}.{name} uses {klass.__module__}.{klass.__qualname__}: declare its "
        "JSON in cms.openapi.fields.SERIALIZER_FIELDS"
    )
