"""The US map's repeated markup: a shape, a table row and a picker option per state.

Every directory map repeats the same few elements 56 times. As template loops they
took ~5 ms per map (Django's template engine spends a few microseconds on every
variable), more than the rest of a procedure page. Here every value goes through
`escape` (what a template's autoescaping does) into an f-string: ~0.5 ms. The
templates keep the structure around them (`components/us_map.html`,
`components/state_picker.html`) and say where each piece goes.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _link(entry, classes=""):
    """The opening of a shape's link: where it goes, its colour and tooltip.

    Out of the tab order (``tabindex="-1"``; the SVG is hidden from assistive
    technology): the map is an overview for pointer users. The picker, the state
    list and the table carry the same links, so the state shapes no longer stand
    between a keyboard user and the list.
    """
    summary = escape(entry["summary"])
    return (
        f'<a href="{escape(entry["url"])}" class="us-map__state us-map__state--'
        f'{escape(entry["bucket"])}{classes}" tabindex="-1"><title>{summary}</title>'
    )


def _label(x, y, code):
    return f'<text x="{escape(x)}" y="{escape(y)}" aria-hidden="true">{escape(code)}</text>'


def _box(x, y, width, height):
    return (
        f'<rect x="{escape(x)}" y="{escape(y)}" width="{escape(width)}" '
        f'height="{escape(height)}" rx="3"/>'
    )


def shapes(us_map):
    """The SVG's links: state outlines (labelled with their code unless a callout box
    beside the map carries the label), the small states' callout boxes, then the
    territories' squares, in that order so boxes are drawn over the outlines."""
    sprite, box = escape(us_map["sprite_url"]), us_map["callout_box"]
    parts = []
    for state in us_map["states"]:
        label = "" if state["callout"] else _label(*state["label"], state["code"])
        parts.append(f'{_link(state)}<use href="{sprite}#{escape(state["shape"])}"/>{label}</a>')
    for state in us_map["states"]:
        if callout := state["callout"]:
            parts.append(
                _link(state, " us-map__callout")
                + _box(callout["x"], callout["y"], box["width"], box["height"])
                + _label(callout["label_x"], callout["label_y"], state["code"])
                + "</a>"
            )
    for inset in us_map["insets"]:
        parts.append(
            _link(inset)
            + _box(inset["x"], inset["y"], inset["size"], inset["size"])
            + _label(*inset["label"], inset["code"])
            + "</a>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


def _per_entry(us_map, render):
    """`render` applied to every state and territory, joined; it must escape each value."""
    entries = (*us_map["states"], *us_map["insets"])
    return mark_safe("".join(render(e) for e in entries))  # noqa: S308 - see above


def table_rows(us_map):
    """One row per state and territory: its name, linked to its page, and its count."""
    return _per_entry(
        us_map,
        lambda e: (
            f'<tr><th scope="row"><a href="{escape(e["url"])}">{escape(e["name"])}</a></th>'
            f"<td>{escape(e['count_text'])}</td></tr>"
        ),
    )


def picker_options(us_map):
    """The state picker's options, with each state's count."""
    return _per_entry(
        us_map,
        lambda e: (
            f'<option value="{escape(e["code"])}">'
            f"{escape(e['name'])} ({escape(e['count_text'])})</option>"
        ),
    )
