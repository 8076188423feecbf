"""OpenAPI (JSON Schema) descriptions of the cost objects in the API."""

PROVIDER_COSTS_SCHEMA = {}
