"""axe-core finds no violation on any key page, on a desktop and on a 360 px phone; and
no page scrolls sideways on the phone.

Each page is also screenshotted at both widths into `.screenshots/browser/`, so a person
can look at what the run saw.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE, screenshot, scrolls_sideways

pytestmark = pytest.mark.browser

# name → path on the demo site, or the key of a path `demo_site` reported.
PAGES = {
    "home": "/",
    "procedure-index": "/procedures/",
    "procedure": "procedure",
    "doctors-overview": "/procedures/vertebroplasty/doctors/",
    "state": "/procedures/vertebroplasty/doctors/texas/",
    "empty-state": "/procedures/vertebroplasty/doctors/alabama/",
    "profile": "profile",
    "profile-with-costs": "costs_profile",
    "article-index": "/articles/",
    "article": "article",
    "search-results": "/search/?q=vertebroplasty",
    "not-found": "/no-such-page/",
    # The Spanish edition (Spanish words run longer: the nav, filters and map table).
    "home-es": "/es/",
    "procedure-index-es": "/es/procedimientos/",
    "procedure-es": "/es/procedimientos/vertebroplastia/",
    "doctors-overview-es": "/es/procedimientos/vertebroplastia/medicos/",
    "state-es": "/es/procedimientos/vertebroplastia/medicos/texas/",
    "profile-es": "profile_es",
    "article-index-es": "/es/articulos/",
    "article-es": "article_es",
    "search-results-es": "/es/search/?q=vertebroplast%C3%ADa",
    "not-found-es": "/es/no-existe/",
}


def path_of(site, name):
    path = PAGES[name]
    return path if path.startswith("/") else site.facts[path]


def report(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(name, width, open_page, site, axe):
    page = open_page(width)
    response = page.goto(path_of(site, name))
    screenshot(page, name)  # first, so a failing page can be looked at too
    assert response.status == (404 if name.startswith("not-found") else 200), response.url
    violations = axe.run(page).response["violations"]
    assert not violations, f"{name} at {width} px:\n{report(violations)}"


def test_no_key_page_scrolls_sideways_on_a_phone(open_page, site):
    page = open_page(PHONE)
    too_wide = {}
    for name in PAGES:
        page.goto(path_of(site, name))
        if scrolls_sideways(page):
            too_wide[name] = page.evaluate("document.documentElement.scrollWidth")
    assert not too_wide, f"wider than {PHONE} px (page → width): {too_wide}"
