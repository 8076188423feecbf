"""A visitor looking for a doctor, in a real browser: from a search to a Texan doctor's
profile and back, on a desktop, on a 360 px phone and with JavaScript off.

The flow is split where one step does not depend on the last (search; procedure page to
profile; the profile's breadcrumb), so a broken step names itself. At 360 px every page
the visitor sees must fit the window: no sideways scrolling.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, scrolls_sideways

pytestmark = pytest.mark.browser

PROCEDURE = "Vertebroplasty"
STATE = "Texas"
# Below this width (site.css, 40rem) the map is an overview and takes no taps.
PHONE_BREAKPOINT = 640
WAYS = {
    "desktop": {"width": DESKTOP, "javascript": True},
    "phone": {"width": PHONE, "javascript": True},
    "no-javascript": {"width": DESKTOP, "javascript": False},
}


@pytest.fixture(params=list(WAYS))
def visitor(request, open_page):
    """A tab for one way of visiting; `visitor.check()` asserts what holds on every page."""
    way = WAYS[request.param]
    page = open_page(**way)

    def check():
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if way["width"] == PHONE:
            assert not scrolls_sideways(page), f"{page.url} scrolls sideways at {PHONE} px"

    page.check = check
    return page


def state_list_shows_only(page, state, code):
    """The state page lists doctors, and each one practises in `state`."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(state)
    doctors = page.get_by_role("main").get_by_role("article")
    expect(doctors.first).to_be_visible()
    assert doctors.count() > 0
    for text in doctors.all_inner_texts():
        assert re.search(rf", {code}\b|\b{state}\b", text), f"not in {state}: {text}"


def test_a_visitor_searches_and_opens_the_procedure(visitor, site):
    visitor.goto("/")
    visitor.check()
    # The home page's search form (a header may hold another: the first will do).
    search = visitor.get_by_role("search").get_by_role("searchbox").first
    search.fill(PROCEDURE.lower())
    search.press("Enter")
    visitor.wait_for_url(re.compile(r"/search/\?(.*&)?q=vertebroplasty"))
    visitor.check()

    visitor.get_by_role("main").get_by_role("link", name=PROCEDURE, exact=True).first.click()
    visitor.wait_for_url(f"**{site.facts['procedure']}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(PROCEDURE)
    visitor.check()


def test_a_visitor_finds_texan_doctors_from_the_procedure_page(visitor, site):
    visitor.goto(site.facts["procedure"])
    visitor.check()

    # The table of contents jumps to Risks.
    toc = visitor.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="Risks").click()
    visitor.wait_for_url("**#risks")
    expect(visitor.get_by_role("heading", name="Risks", exact=True)).to_be_in_viewport()

    # The state picker: choose Texas, submit, land on the Texas list.
    picker = visitor.get_by_role("combobox", name="Your state")
    texas = picker.get_by_role("option", name=re.compile(rf"^{STATE}\b"))
    picker.select_option(label=texas.inner_text().strip())
    picker.locator("xpath=ancestor::form").get_by_role("button").click()
    visitor.wait_for_url("**/doctors/texas/")
    visitor.check()
    state_list_shows_only(visitor, STATE, "TX")

    # The map: Texas there leads to the same list. On a phone the map is an overview
    # that takes no taps, and the state list beside it is the control (issue 11).
    visitor.goto(site.facts["procedure"])
    if visitor.viewport_size["width"] < PHONE_BREAKPOINT:
        expect(visitor.get_by_role("figure").filter(has=visitor.locator("svg"))).to_be_visible()
        states = visitor.get_by_role("main").get_by_role("link", name=re.compile(rf"^{STATE}\b"))
        states.first.click()
    else:
        us_map = visitor.get_by_role("figure").filter(has=visitor.locator("svg"))
        texas_on_map = us_map.get_by_role(
            "link", name=re.compile(rf"^{STATE}\b"), include_hidden=True
        )
        texas_on_map.first.click()
    visitor.wait_for_url("**/doctors/texas/")
    state_list_shows_only(visitor, STATE, "TX")

    # A doctor's profile.
    first = visitor.get_by_role("main").get_by_role("article").first.get_by_role("link").first
    name = first.inner_text().strip()
    first.click()
    visitor.wait_for_url(re.compile(r"/doctors/\d{10}-"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(name)
    expect(visitor.get_by_role("main")).to_contain_text(", TX")
    visitor.check()


def test_a_visitor_goes_back_from_a_profile_through_the_breadcrumb(visitor, site):
    visitor.goto(site.facts["profile"])
    visitor.check()
    breadcrumb = visitor.get_by_role("navigation", name="Breadcrumb")
    # The breadcrumb's deepest link naming the state: back to the state list.
    breadcrumb.get_by_role("link", name=re.compile(STATE)).last.click()
    visitor.wait_for_load_state()
    visitor.check()
    state_list_shows_only(visitor, STATE, "TX")
