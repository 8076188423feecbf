"""State outlines live in one cached static sprite; pages reference them by id."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from procedures.factories import ProcedurePageFactory
from providers.directory import map_shapes
from providers.geography import MAP_STATES
from providers.map_sprite import SPRITE_FILE, STATIC_NAME, build_sprite

SVG = "{http://www.w3.org/2000/svg}"


def test_committed_sprite_matches_the_map_data():
    """Edit us_map.json, then run `manage.py build_map_sprite`; this catches a forgotten run."""
    assert SPRITE_FILE.read_text(encoding="utf-8") == build_sprite(map_shapes())


def test_sprite_is_valid_svg_with_one_outline_per_mapped_state():
    # Our own committed file, found by staticfiles as it is served.
    root = ET.parse(finders.find(STATIC_NAME)).getroot()  # noqa: S314
    paths = {path.get("id"): path.get("d") for path in root.iter(f"{SVG}path")}
    assert set(paths) == {f"state-{code}" for code in MAP_STATES}
    assert all(d and d.startswith("M") for d in paths.values())
    assert root.get("viewBox") == map_shapes()["viewBox"]


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "doctors/"])
def test_pages_draw_states_from_the_sprite_not_inline_geometry(client, procedure_index, suffix):
    ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    response = client.get(f"/procedures/vertebroplasty/{suffix}")
    html = BeautifulSoup(response.content, "html.parser")
    uses = [use["href"] for use in html.select("svg.us-map__svg use, .us-map svg use")]
    assert sorted(uses) == sorted(f"{static(STATIC_NAME)}#state-{code}" for code in MAP_STATES)
    assert not html.select(".us-map svg path")  # the ~120 KB of outlines stay out of the page
    assert len(response.content) < 60_000


@pytest.mark.django_db
def test_map_coordinates_are_never_localised(procedure_index):
    """SVG needs "12.5"; a language with a decimal comma must not turn it into "12,5"."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from providers.directory import map_context

    page = ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    with translation.override("de"):
        html = BeautifulSoup(
            render_to_string(
                "components/us_map.html", {"us_map": map_context(page, {}), "page": page}
            ),
            "html.parser",
        )
    numbers = [
        element[attribute]
        for element in html.select("svg text, svg rect")
        for attribute in ("x", "y")
    ]
    assert len(numbers) > 100
    assert all("," not in number for number in numbers)
    assert any("." in number for number in numbers)  # some are fractional


def test_map_markup_escapes_every_value():
    """The per-state markup is built in Python; it must escape like a template would."""
    from providers import map_html

    evil = '"><script>alert(1)</script>'
    entry = {
        "code": "TX",
        "name": evil,
        "count": 3,
        "count_text": evil,
        "bucket": 2,
        "url": f"/x/{evil}",
        "summary": evil,
        "shape": "state-TX",
        "label": ["1", "2"],
        "callout": None,
    }
    inset = {**entry, "code": "PR", "x": "1", "y": "2", "size": "3"}
    us_map = {
        "states": [entry],
        "insets": [inset],
        "sprite_url": "/static/providers/us-states.svg",
        "callout_box": {"width": "30", "height": "18"},
    }
    html = map_html.shapes(us_map) + map_html.table_rows(us_map) + map_html.picker_options(us_map)
    assert "<script>" not in html
    # The quote cannot close an attribute, in links, labels, rows and options alike.
    assert html.count("&quot;&gt;&lt;script&gt;") >= 6


@pytest.mark.django_db
@pytest.mark.parametrize("seconds, cached", [(86400, True), (0, False)])
def test_the_map_fragment_cache_can_be_switched_off(
    client, procedure_index, settings, seconds, cached
):
    """DIRECTORY_MAP_CACHE_SECONDS=0 renders the map on every request (make bench uses it)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from providers.directory import find_a_doctor_context

    settings.DIRECTORY_MAP_CACHE_SECONDS = seconds
    page = ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    response = client.get("/procedures/vertebroplasty/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(".us-map svg use")
    version = find_a_doctor_context(page)["map_version"]
    key = make_template_fragment_key("find_doctor_map", [page.pk, version])
    assert (cache.get(key) is not None) is cached
