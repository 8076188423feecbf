"""Draw the site's icons: the SVG favicon's design as PNG and ICO for older browsers.

Writes `static/favicon.svg`, `static/apple-touch-icon.png` (180×180, what iOS asks
for) and `static/favicon.ico` (16, 32 and 48 pixels, what `/favicon.ico` serves).
The outputs are committed; run this again only to change the design:

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static"
BRAND = "#0b5cad"  # --brand in static/css/site.css
WHITE = "#ffffff"

# On a 64-unit square: a rounded tile and a medical cross.
SIZE = 64
RADIUS = 14
BAR = (24, 12, 40, 52)  # the cross's vertical bar: x0, y0, x1, y1

_LONG, _SHORT = BAR[3] - BAR[1], BAR[2] - BAR[0]
SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">
<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="{BRAND}"/>
<rect x="{BAR[0]}" y="{BAR[1]}" width="{_SHORT}" height="{_LONG}" rx="3" fill="{WHITE}"/>
<rect x="{BAR[1]}" y="{BAR[0]}" width="{_LONG}" height="{_SHORT}" rx="3" fill="{WHITE}"/>
</svg>
"""


def draw(pixels, rounded=True):
    """The icon at `pixels` square, drawn large and scaled down for smooth edges."""
    scale = pixels * 4 / SIZE
    big = Image.new("RGBA", (pixels * 4, pixels * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)
    box = (0, 0, pixels * 4 - 1, pixels * 4 - 1)
    if rounded:
        pen.rounded_rectangle(box, radius=RADIUS * scale, fill=BRAND)
    else:  # iOS rounds the corners itself and shows transparent ones as black
        pen.rectangle(box, fill=BRAND)
    x0, y0, x1, y1 = (round(n * scale) for n in BAR)
    pen.rounded_rectangle((x0, y0, x1, y1), radius=3 * scale, fill=WHITE)
    pen.rounded_rectangle((y0, x0, y1, x1), radius=3 * scale, fill=WHITE)
    return big.resize((pixels, pixels), Image.LANCZOS)


def main():
    (STATIC / "favicon.svg").write_text(SVG, encoding="utf-8")
    draw(180, rounded=False).convert("RGB").save(STATIC / "apple-touch-icon.png", optimize=True)
    draw(48).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
