"""The generator's one exception."""


class SchemaGap(Exception):
    """Something the API serves has no schema: declare it, do not let the document guess."""
