"""Take the docs/editorial.md screenshots from a running demo site's admin.

Run against a site set up with `make demo` (with an `admin` superuser whose password
is PASSWORD below) plus the users `scripts/editorial_users.py` creates:
`python scripts/editorial_screenshots.py http://127.0.0.1:8110`. Saves PNGs (1280 px
wide) under docs/img/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8110"
OUT = Path(__file__).resolve().parent.parent / "docs" / "img"
PASSWORD = "demo-password-123"  # noqa: S105 - local demo accounts only
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def login(page, username):
    page.goto(f"{BASE}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{BASE}/admin/")


def shot(page, name, full_page=False, locator=None):
    path = OUT / f"{name}.png"
    if locator is not None:
        page.locator(locator).first.screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=full_page)
    sys.stdout.write(f"{path}\n")


def page_id(page, slug):
    response = page.request.get(f"{BASE}/api/v2/pages/?slug={slug}")
    return response.json()["items"][0]["id"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def context():
            return browser.new_context(viewport={"width": 1280, "height": 900})

        # Visitors: the review line, references and "About this information".
        page = context().new_page()
        page.goto(f"{BASE}/procedures/vertebroplasty/")
        shot(page, "editorial-page", locator=".procedure__header")
        shot(page, "editorial-page-references", locator=".references")
        vertebroplasty, kyphoplasty = page_id(page, "vertebroplasty"), page_id(page, "kyphoplasty")
        procedures_index = page_id(page, "procedures")

        # Editors: dashboard panel, report, listing flag, settings, groups.
        page = context().new_page()
        login(page, "editor")
        shot(page, "editorial-dashboard", locator="#reviews-due-section")
        page.goto(f"{BASE}/admin/reports/reviews-due/")
        shot(page, "editorial-report")
        page.goto(f"{BASE}/admin/pages/{procedures_index}/")
        shot(page, "editorial-listing-flag")
        page.goto(f"{BASE}/admin/settings/home/sitesettings/")
        page.locator("text=Trust and transparency").first.scroll_into_view_if_needed()
        shot(page, "editorial-site-settings")

        # Administrators: the three groups.
        page = context().new_page()
        login(page, "admin")
        page.goto(f"{BASE}/admin/groups/")
        shot(page, "editorial-groups")

        # Writers: the Review and sources tab, and the submit action.
        page = context().new_page()
        login(page, "writer")
        page.goto(f"{BASE}/admin/pages/{vertebroplasty}/edit/")
        page.get_by_role("tab", name="Review and sources").click()
        page.wait_for_timeout(800)
        shot(page, "editorial-review-tab")
        page.locator("[data-w-dropdown-target='toggle']").last.click()
        page.wait_for_timeout(400)
        shot(page, "editorial-submit")

        # Reviewers: a page in review, with Approve and Request changes.
        page = context().new_page()
        login(page, "reviewer")
        page.goto(f"{BASE}/admin/pages/{kyphoplasty}/edit/")
        page.locator("[data-w-dropdown-target='toggle']").last.click()
        page.wait_for_timeout(400)
        shot(page, "editorial-approve")
        browser.close()


if __name__ == "__main__":
    main()
