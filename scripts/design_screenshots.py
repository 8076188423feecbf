"""Screenshots at 1280 and 360 px, and axe, on each kind of visitor page.

Not a test (tests/browser/ has those): a look at the design while working on it.
Run against a local server with the demo content on port 8041:
`.venv/bin/python scripts/design_screenshots.py [name ...]`; the PNGs go to the
git-ignored `.screenshots/`, and the page width and axe violations per page to stdout.
"""

import json
import sys
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8041"
PAGES = {
    "home": "/",
    "procedures": "/procedures/",
    "procedure": "/procedures/vertebroplasty/",
    "doctors": "/procedures/vertebroplasty/doctors/",
    "state": "/procedures/vertebroplasty/doctors/new-york/",
    "empty-state": "/procedures/vertebroplasty/doctors/alabama/",
    "empty-picker": "/procedures/vertebroplasty/doctors/?state=",
    "profile": "/doctors/9000002011-hayden-j-inventorff/",
    "articles": "/articles/",
    "article": "/articles/recovering-at-home-after-outpatient-surgery/",
    "404": "/no-such-page/",
}
only = sys.argv[1:] or list(PAGES)
out = Path(".screenshots")
out.mkdir(exist_ok=True)
axe = Axe()
report = {}
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name in only:
            page.goto(BASE + PAGES[name])
            page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            result = axe.run(page)
            violations = [
                (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
                for v in result.response["violations"]
            ]
            report[f"{name}@{width}"] = {"scrollWidth": scroll_width, "violations": violations}
        page.close()
    browser.close()
sys.stdout.write(json.dumps(report, indent=1) + "\n")
