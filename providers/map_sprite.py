"""The US map's state outlines as one static SVG file, shared by every map.

The outlines are ~120 KB of path data. Inlined, they made every procedure and
state page ~150 KB, for geometry that never changes between pages or visits. The
page's inline SVG now carries only what differs per procedure (links, labels,
counts, colour classes) and draws each state with `<use href="…/us-states.svg#state-CA">`,
a same-origin static file the browser caches once for the whole site (with
hashed names and far-future caching under `CompressedManifestStaticFilesStorage`
in production). Same-origin matters: browsers refuse `<use>` across origins, so
serving static files from another domain would need the sprite inlined again.

The file is generated from `providers/data/us_map.json` by
`manage.py build_map_sprite` and committed; a test fails if the two drift apart.
"""

from pathlib import Path
from xml.sax.saxutils import quoteattr

STATIC_NAME = "providers/us-states.svg"
SPRITE_FILE = Path(__file__).parent / "static" / STATIC_NAME


def sprite_id(code):
    """The fragment id of a state's outline in the sprite ("state-CA")."""
    return f"state-{code}"


def build_sprite(shapes):
    """The sprite's text: one `<path id="state-XX">` per mapped state, in map coordinates."""
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox={quoteattr(shapes["viewBox"])}>',
        "<!-- Generated from providers/data/us_map.json by `manage.py build_map_sprite`;"
        " do not edit. -->",
        f"<!-- {shapes['source']} -->",
        "<defs>",
    ]
    lines += [
        f"<path id={quoteattr(sprite_id(code))} d={quoteattr(state['d'])}/>"
        for code, state in sorted(shapes["states"].items())
    ]
    lines += ["</defs>", "</svg>", ""]
    return "\n".join(lines)
