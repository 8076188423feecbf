"""Reading a page's JSON-LD in tests: one script element holding one schema.org graph."""

import json
import re

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph(html):
    """The @graph of the page's one JSON-LD script (`html` as text or bytes)."""
    if isinstance(html, bytes):
        html = html.decode()
    blocks = SCRIPT.findall(html)
    assert len(blocks) == 1, f"{len(blocks)} JSON-LD scripts"
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def node(html, schema_type):
    """The graph's one node of `schema_type`."""
    found = [item for item in graph(html) if item["@type"] == schema_type]
    assert len(found) == 1, f"{len(found)} {schema_type} nodes"
    return found[0]
