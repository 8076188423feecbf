"""State names, slugs and adjacency: plain data, so no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from localflavor.us.us_states import CONTIGUOUS_STATES, STATE_CHOICES, US_STATES

from django.utils import translation

from providers import geography
from providers.geography import (
    ARMED_FORCES,
    CODE_BY_SLUG,
    MAP_STATES,
    NEARBY,
    NEIGHBOURS,
    STATE_NAMES,
    STATE_SLUGS,
    TERRITORIES,
    nearby_states,
    state_code,
    state_name,
    state_slug,
)

REPO = Path(__file__).resolve().parents[2]


# --- codes and names -------------------------------------------------------------------


def test_codes_are_exactly_what_usstatefield_accepts():
    assert set(STATE_NAMES) == {code for code, _name in STATE_CHOICES}
    assert len(STATE_NAMES) == 59


def test_names_are_localflavors_english_names_in_its_order():
    with translation.override("en"):
        expected = {code: str(name) for code, name in STATE_CHOICES}
    assert expected == STATE_NAMES
    assert list(STATE_NAMES) == list(expected)
    assert all(type(name) is str for name in STATE_NAMES.values())


def test_names_and_slugs_do_not_depend_on_the_active_language():
    california = dict(CONTIGUOUS_STATES)["CA"]
    with translation.override("fr"):
        assert str(california) == "Californie"  # the language really is switched
        assert geography._source_text(california) == "California"
        assert state_name("CA") == "California"
        assert state_slug("CA") == "california"


def test_importing_before_apps_are_ready_does_not_translate():
    # providers.models imports this module while Django is still loading apps, when any
    # gettext call raises AppRegistryNotReady (reading localflavor's STATE_CHOICES does).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    code = "import providers.geography as g; assert g.STATE_SLUGS['NY'] == 'new-york'"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_groups():
    assert len(MAP_STATES) == 51
    assert len(set(MAP_STATES)) == 51
    assert {code for code, _name in US_STATES} == set(MAP_STATES)
    assert "DC" in MAP_STATES
    assert TERRITORIES == ("AS", "GU", "MP", "PR", "VI")
    assert ARMED_FORCES == ("AA", "AE", "AP")
    assert set(MAP_STATES) | set(TERRITORIES) | set(ARMED_FORCES) == set(STATE_NAMES)
    assert not set(MAP_STATES) & set(TERRITORIES)


@pytest.mark.parametrize("group", [MAP_STATES, TERRITORIES, ARMED_FORCES])
def test_groups_are_sorted_by_name(group):
    names = [STATE_NAMES[code] for code in group]
    assert names == sorted(names)


def test_map_states_are_the_shapes_on_the_map():
    map_data = json.loads((REPO / "providers" / "data" / "us_map.json").read_text())
    assert set(map_data["states"]) == set(MAP_STATES)
    assert set(map_data["insets"]) == set(TERRITORIES)


# --- slugs -----------------------------------------------------------------------------


def test_slugs_round_trip_for_every_code():
    assert set(STATE_SLUGS) == set(STATE_NAMES)
    assert len(CODE_BY_SLUG) == len(STATE_SLUGS)  # no two codes share a slug
    for code, slug in STATE_SLUGS.items():
        assert CODE_BY_SLUG[slug] == code
        assert state_slug(code) == slug
        assert state_code(slug) == code
        assert state_code(STATE_NAMES[code]) == code


@pytest.mark.parametrize(
    "slug, code",
    [
        ("texas", "TX"),
        ("new-york", "NY"),
        ("district-of-columbia", "DC"),
        ("puerto-rico", "PR"),
        ("north-carolina", "NC"),
        ("northern-mariana-islands", "MP"),
    ],
)
def test_slug_examples(slug, code):
    assert CODE_BY_SLUG[slug] == code
    assert STATE_SLUGS[code] == slug


# --- lookups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, code",
    [
        ("tx", "TX"),
        ("TX", "TX"),
        (" tx ", "TX"),
        ("Texas", "TX"),
        ("texas", "TX"),
        ("TEXAS", "TX"),
        ("new york", "NY"),
        ("New York", "NY"),
        ("new-york", "NY"),
        ("District of Columbia", "DC"),
        ("puerto-rico", "PR"),
        ("in", "IN"),  # codes that are also English words are still codes
        ("or", "OR"),
        ("ae", "AE"),
    ],
)
def test_state_code_accepts_codes_names_and_slugs(value, code):
    assert state_code(value) == code


@pytest.mark.parametrize("value", ["ZZ", "", "  ", "Narnia", None, "FM", "new_york", "NYC"])
def test_state_code_rejects_non_states(value):
    assert state_code(value) is None


def test_state_name_and_slug():
    assert state_name("NY") == "New York"
    assert state_name("ga") == "Georgia"
    assert state_name("DC") == "District of Columbia"
    assert state_slug("NY") == "new-york"
    assert state_slug("Puerto Rico") == "puerto-rico"
    assert state_name("") == ""
    assert state_name(None) == ""
    assert state_slug("ZZ") == ""


# --- adjacency -------------------------------------------------------------------------


def test_neighbours_cover_exactly_the_map_states():
    assert set(NEIGHBOURS) == set(MAP_STATES)
    for code, neighbours in NEIGHBOURS.items():
        assert set(neighbours) <= set(MAP_STATES), code


def test_adjacency_is_symmetric():
    for code, neighbours in NEIGHBOURS.items():
        for other in neighbours:
            assert code in NEIGHBOURS[other], f"{code} lists {other} but not the reverse"


def test_no_state_neighbours_itself_or_repeats():
    for code, neighbours in NEIGHBOURS.items():
        assert code not in neighbours
        assert len(set(neighbours)) == len(neighbours), code


def test_border_count():
    # 107 land borders among the contiguous states and DC, plus the two Four Corners diagonals.
    assert sum(len(n) for n in NEIGHBOURS.values()) == 2 * 109


@pytest.mark.parametrize(
    "code, neighbours",
    [
        ("TN", {"KY", "VA", "NC", "GA", "AL", "MS", "AR", "MO"}),
        ("MO", {"IA", "IL", "KY", "TN", "AR", "OK", "KS", "NE"}),
        ("ME", {"NH"}),
        ("DC", {"MD", "VA"}),
        ("HI", set()),
        ("AK", set()),
        ("CA", {"OR", "NV", "AZ"}),
        ("TX", {"NM", "OK", "AR", "LA"}),
        ("FL", {"AL", "GA"}),
        ("WA", {"ID", "OR"}),
        ("CO", {"WY", "NE", "KS", "OK", "NM", "AZ", "UT"}),
        ("UT", {"ID", "WY", "CO", "NM", "AZ", "NV"}),
        ("KY", {"IL", "IN", "OH", "WV", "VA", "TN", "MO"}),
        ("MI", {"IN", "OH", "WI"}),  # Lake borders with IL and MN don't count
        ("NY", {"VT", "MA", "CT", "NJ", "PA"}),  # nor does Block Island Sound with RI
    ],
)
def test_known_neighbours(code, neighbours):
    assert set(NEIGHBOURS[code]) == neighbours


def test_nearby_fallbacks():
    assert set(NEARBY) == {"AK", "HI", *TERRITORIES}
    for code, nearby in NEARBY.items():
        assert code not in nearby
        assert set(nearby) <= set(STATE_NAMES), code
    assert nearby_states("HI") == ("CA",)
    assert nearby_states("AK") == ("WA",)
    assert nearby_states("PR")[0] == "VI"
    assert nearby_states("VI")[0] == "PR"
    assert nearby_states("AS") == ("HI",)


def test_nearby_states_prefers_land_neighbours():
    assert nearby_states("ME") == ("NH",)
    assert nearby_states("tn") == NEIGHBOURS["TN"]
    assert nearby_states("texas") == NEIGHBOURS["TX"]


@pytest.mark.parametrize("code", [*ARMED_FORCES, "ZZ", "", None])
def test_nearby_states_is_empty_for_places_without_neighbours(code):
    assert nearby_states(code) == ()


def test_every_state_and_territory_has_somewhere_to_suggest():
    for code in (*MAP_STATES, *TERRITORIES):
        assert nearby_states(code), code
