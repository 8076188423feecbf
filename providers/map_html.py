"""The US map's repeated markup: a shape, a table row and a picker option per state.

Every directory map repeats the same few elements 56 times. As template loops they
took ~5 ms per map (Django's template engine spends a few microseconds on every
variable), more than the rest of a procedure page; built here with `format_html`
(which escapes every value, as a template would) they take well under one. The
templates keep the structure around them (`components/us_map.html`,
`components/state_picker.html`) and say where each piece goes.
"""

from django.utils.html import format_html, format_html_join

# A state's outline from the static sprite, labelled with its code unless a callout
# box beside the map carries the label.
OUTLINE = (
    '<a href="{url}" class="us-map__state us-map__state--{bucket}" aria-label="{summary}">'
    '<title>{summary}</title><use href="{sprite}#{shape}"/>{label}</a>'
)
LABEL = '<text x="{}" y="{}" aria-hidden="true">{}</text>'
# A small state's labelled box beside the map, and a territory's square.
BOX = (
    '<a href="{url}" class="{classes}" aria-label="{summary}"><title>{summary}</title>'
    '<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="3"/>'
    '<text x="{label_x}" y="{label_y}" aria-hidden="true">{code}</text></a>'
)
TABLE_ROW = '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td></tr>'
OPTION = '<option value="{}">{} ({})</option>'


def _link(entry, **extra):
    """What every shape's link says: where it goes, its colour and accessible name."""
    return {"url": entry["url"], "bucket": entry["bucket"], "summary": entry["summary"], **extra}


def _box(entry, x, y, width, height, label_x, label_y, callout=False):
    classes = f"us-map__state us-map__state--{entry['bucket']}"
    return _link(
        entry,
        classes=f"{classes} us-map__callout" if callout else classes,
        x=x,
        y=y,
        width=width,
        height=height,
        label_x=label_x,
        label_y=label_y,
        code=entry["code"],
    )


def shapes(us_map):
    """The SVG's links: state outlines, the callout boxes of small states, then the
    territories' squares (in that order, so boxes are drawn over the outlines)."""
    states, sprite, box = us_map["states"], us_map["sprite_url"], us_map["callout_box"]
    outlines = format_html_join(
        "\n",
        OUTLINE,
        (
            _link(
                state,
                sprite=sprite,
                shape=state["shape"],
                label=""
                if state["callout"]
                else format_html(LABEL, *state["label"], state["code"]),
            )
            for state in states
        ),
    )
    boxes = format_html_join(
        "\n",
        BOX,
        [
            _box(state, callout=True, width=box["width"], height=box["height"], **state["callout"])
            for state in states
            if state["callout"]
        ]
        + [
            _box(
                inset,
                x=inset["x"],
                y=inset["y"],
                width=inset["size"],
                height=inset["size"],
                label_x=inset["label"][0],
                label_y=inset["label"][1],
            )
            for inset in us_map["insets"]
        ],
    )
    return format_html("{}\n{}", outlines, boxes)


def table_rows(us_map):
    """One row per state and territory: its name, linked to its page, and its count."""
    entries = [*us_map["states"], *us_map["insets"]]
    return format_html_join("", TABLE_ROW, ((e["url"], e["name"], e["count"]) for e in entries))


def picker_options(us_map):
    """The state picker's options, with each state's count."""
    entries = [*us_map["states"], *us_map["insets"]]
    return format_html_join("", OPTION, ((e["code"], e["name"], e["count"]) for e in entries))
