"""JSON Schemas of StreamField blocks, built from the block definitions.

A stream is an array of `{"type", "value", "id"}` items, one `oneOf` branch per child
block, each naming its type with `const`; struct blocks become objects of their child
blocks. Wagtail's own block types map to JSON types here. A project block that
overrides `get_api_representation` returns a shape the definition cannot tell, so it
is declared in `REPRESENTATIONS`, next to nothing else; an unknown block type, or an
override with no declared shape, raises `SchemaGap` rather than guess.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from procedures.blocks import ImageBlock, SectionBlock

from .errors import SchemaGap

RENDITION = {
    "type": "object",
    "description": "One rendition of an image, never a database id.",
    "required": ["url", "full_url", "width", "height", "alt"],
    "properties": {
        "url": {"type": "string", "description": "The rendition's URL (may be relative)."},
        "full_url": {"type": "string", "description": "The rendition's absolute URL."},
        "width": {"type": "integer", "minimum": 0},
        "height": {"type": "integer", "minimum": 0},
        "alt": {"type": "string", "description": "Text alternative for screen readers."},
    },
    "additionalProperties": False,
}

BLOCK_RENDITION = {
    **RENDITION,
    "description": "The block's image (`width-1200` rendition) with its alt text and caption.",
    "required": [*RENDITION["required"], "caption"],
    "properties": {**RENDITION["properties"], "caption": {"type": "string"}},
}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def section_representation(block):
    """`SectionBlock.get_api_representation`: heading (the label when left empty), body
    and the optional image."""
    return {
        "type": "object",
        "required": ["heading", "body", "image"],
        "properties": {
            "heading": {
                "type": "string",
                "minLength": 1,
                "description": f"The section's heading; “{block.meta.label}” when not reworded.",
            },
            "body": block_schema(block.child_blocks["body"]),
            "image": nullable({"$ref": "#/components/schemas/BlockRendition"}),
        },
        "additionalProperties": False,
    }


def image_representation(block):
    """`ImageBlock.get_api_representation`: the rendition, null if the file is missing."""
    return {
        "type": "object",
        "required": ["image"],
        "properties": {"image": nullable({"$ref": "#/components/schemas/BlockRendition"})},
        "additionalProperties": False,
    }


# Project blocks whose `get_api_representation` is their own: class -> schema builder.
REPRESENTATIONS = {
    SectionBlock: section_representation,
    ImageBlock: image_representation,
}


def representation_owner(block):
    """The class whose `get_api_representation` the block uses."""
    for klass in type(block).__mro__:
        if "get_api_representation" in vars(klass):
            return klass
    return None


def is_wagtail(klass):
    return klass.__module__.startswith("wagtail.")


def block_schema(block):
    """The JSON Schema of what `block.get_api_representation` returns."""
    owner = representation_owner(block)
    if owner is not None and not is_wagtail(owner):
        if owner not in REPRESENTATIONS:
            raise SchemaGap(
                f"{owner.__module__}.{owner.__qualname__} overrides get_api_representation: "
                "declare its shape in cms.openapi.blocks.REPRESENTATIONS"
            )
        schema = REPRESENTATIONS[owner](block)
    else:
        schema = wagtail_block_schema(block)
    description = getattr(block.meta, "description", "") or getattr(block.meta, "help_text", "")
    if description and "description" not in schema:
        schema = {**schema, "description": str(description)}
    return schema


def stream_schema(stream_block):
    """A StreamField's value: the blocks in the writer's order."""
    branches = []
    for name, child in stream_block.child_blocks.items():
        branches.append(
            {
                "title": str(child.label or name),
                "type": "object",
                "required": ["type", "value", "id"],
                "properties": {
                    "type": {"const": name},
                    "value": block_schema(child),
                    "id": {"type": "string", "description": "The block's stable UUID."},
                },
                "additionalProperties": False,
            }
        )
    return {"type": "array", "items": {"oneOf": branches}}


def text_schema(block, description=None):
    schema = {"type": "string"}
    max_length = getattr(block.field, "max_length", None)
    if max_length:
        schema["maxLength"] = max_length
    if description:
        schema["description"] = description
    return schema


def wagtail_block_schema(block):
    if isinstance(block, blocks.StreamBlock):
        return stream_schema(block)
    if isinstance(block, blocks.StructBlock):
        return {
            "type": "object",
            "required": list(block.child_blocks),
            "properties": {name: block_schema(child) for name, child in block.child_blocks.items()},
            "additionalProperties": False,
        }
    if isinstance(block, blocks.RichTextBlock):
        return {
            "type": "string",
            "description": "Rich text: display HTML by default (`rich_text_format`).",
        }
    if isinstance(block, blocks.ChoiceBlock):
        values = [str(value) for value, _label in block.field.choices]
        return {"type": "string", "enum": values}
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return text_schema(block)
    if isinstance(block, ImageChooserBlock):
        return nullable({"type": "integer", "description": "An image id."})
    raise SchemaGap(f"no JSON Schema for the block type {type(block).__qualname__}")
