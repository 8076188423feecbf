"""Translating a procedure page into Spanish through Wagtail's real admin, in a real
browser, as the editorial team does it (docs/translation.md), to the live Spanish page
and back to the out-of-date flag.

A medical writer uses *Translate this page* (wagtail-localize) on an English procedure
page the demo has no Spanish page of, types the Spanish title, summary and slug into
wagtail-localize's translation editor (a React app) and submits the translation with
our *Submit for review*; a clinical reviewer approves it from the dashboard's *Awaiting
your review* (Wagtail's workflow actions); a visitor reads it under `/es/`. Then the
writer changes the English page, the reviewer approves that too (which publishes it),
and the writer finds the Spanish page flagged out of date where the project says so:
in its translation editor, in its section's page listing and in the *Reviews due*
report.

`tests/editorial/test_translation_workflow.py` checks the same flow, and more of it
(PO files, sync), through the admin's URLs with Django's test client; this one checks
that the screens a person uses do it. Each step is screenshotted into
`.screenshots/browser/translation-flow-*.png`.
"""

import re

import pytest
from playwright.sync_api import expect

from .admin import ADMIN_TIMEOUT, footer_action, signed_in
from .conftest import screenshot

pytestmark = pytest.mark.browser

SPANISH_TITLE = "Liberación del túnel carpiano"
SPANISH_SLUG = "liberacion-del-tunel-carpiano"
SPANISH_SUMMARY = (
    "Una operación breve de la mano que libera el nervio mediano para aliviar el "
    "adormecimiento, el hormigueo y el dolor."
)
SPANISH_URL = f"/es/procedimientos/{SPANISH_SLUG}/"
NEW_ENGLISH_SUMMARY = "A short outpatient hand operation that frees the pinched median nerve."


def step(page, number, name):
    screenshot(page, f"translation-flow-{number:02d}-{name}")


def segment(page, source, tab="Content"):
    """The translation editor's row for one source string, in one of its tabs.

    The editor gives its rows no labels: a row is the list item holding the source
    string and its buttons. A field's list item holds its rows and its heading (an
    `h3`: "Title", "Summary"); a row has none, so the innermost is the one without.
    """
    return (
        page.get_by_role("tabpanel", name=tab)
        .get_by_role("listitem")
        .filter(has=page.get_by_text(source, exact=True))
        .filter(has_not=page.get_by_role("heading", level=3))
    )


def translate(page, source, spanish, tab="Content"):
    """Translate one string as a translator does: *Translate*, type, *Save*; then wait
    until the editor has saved it (its PUT answered: the row offers *Edit*)."""
    row = segment(page, source, tab)
    row.get_by_role("button", name="Translate").click()
    row.get_by_role("textbox").fill(spanish)
    row.get_by_role("button", name="Save").click()
    row.get_by_role("button", name="Edit").wait_for()
    expect(row).to_contain_text(spanish)
    expect(row).to_contain_text("Translated manually")


def approve_from_dashboard(browser, site, title, number, name):
    """The clinical reviewer approves `title` from *Awaiting your review* on the
    dashboard: its row's actions menu, *Approve* (Wagtail's workflow action)."""
    page = signed_in(browser, site, "reviewer", "/admin/")
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=title)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Actions").click()
    approve = row.get_by_role("button", name="Approve", exact=True)
    approve.wait_for()
    step(page, number, name)
    approve.click()
    # The action posts, then the dashboard reloads without the task.
    expect(row).to_have_count(0, timeout=ADMIN_TIMEOUT)
    page.context.close()


def visit(browser, site, path):
    """`path` as a new anonymous visitor sees it (a new context: no session, no cache)."""
    page = browser.new_context(base_url=site.url).new_page()
    page.set_default_timeout(ADMIN_TIMEOUT)
    return page, page.goto(path)


def test_a_writer_translates_a_reviewer_approves_then_the_english_change_flags_it(browser, site):
    english = site.facts["to_translate"]
    english_edit = f"/admin/pages/{english['id']}/edit/"

    # 1. The writer opens the English page and chooses Translate this page, Español.
    page = signed_in(browser, site, "writer", english_edit)
    page.locator("header").get_by_role("button", name="Actions").click()  # its ⋯ menu
    translate_this_page = page.get_by_role("link", name="Translate this page")
    translate_this_page.wait_for()
    step(page, 1, "english-page-actions")
    translate_this_page.click()
    page.wait_for_url(f"**/admin/localize/submit/page/{english['id']}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Translate page")
    page.get_by_label("Español").check()
    step(page, 2, "translate-into-spanish")
    page.get_by_role("button", name="Submit").click()

    # The Spanish page is made as a draft and opens in the translation editor.
    page.wait_for_url(
        lambda url: re.search(r"/admin/pages/\d+/edit/$", url) and english_edit not in url
    )
    spanish_edit = re.search(r"/admin/pages/\d+/edit/$", page.url).group()
    expect(
        page.get_by_role("status").filter(has_text="submitted for translation into Español")
    ).to_be_visible()
    row = segment(page, english["title"])
    row.get_by_role("button", name="Translate").wait_for()  # the React app is up
    step(page, 3, "translation-editor")
    assert visit(browser, site, SPANISH_URL)[1].status == 404  # not live unreviewed

    translate(page, english["title"], SPANISH_TITLE)
    summary = segment(page, english["summary"])
    summary.get_by_role("button", name="Translate").click()
    summary.get_by_role("textbox").fill(SPANISH_SUMMARY)
    step(page, 4, "typing-the-summary")
    summary.get_by_role("button", name="Save").click()
    summary.get_by_role("button", name="Edit").wait_for()
    expect(summary).to_contain_text(SPANISH_SUMMARY)
    page.get_by_role("tab", name="Promote").click()
    translate(page, english["slug"], SPANISH_SLUG, tab="Promote")
    step(page, 5, "slug-translated")

    # Our Submit for review: a confirmation naming the workflow, then submitted.
    page.get_by_role("link", name="Submit for review").click()
    page.wait_for_url("**/admin/translations/*/submit/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Submit for review")
    expect(heading).to_contain_text(SPANISH_TITLE)
    expect(page.get_by_text("goes to Clinical review")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"\d+ strings? (is|are) not translated yet"))
    ).to_be_visible()
    step(page, 6, "submit-for-review")
    page.get_by_role("button", name="Submit to Clinical review").click()
    page.wait_for_url(f"**{spanish_edit}")
    expect(
        page.get_by_role("status").filter(
            has_text=f"“{SPANISH_TITLE}” has been submitted to Clinical review."
        )
    ).to_be_visible()
    step(page, 7, "submitted")
    page.context.close()
    assert visit(browser, site, SPANISH_URL)[1].status == 404  # still in review

    # 2. The reviewer approves it, which publishes it.
    approve_from_dashboard(browser, site, SPANISH_TITLE, 8, "reviewer-approves-spanish")

    # 3. A visitor reads it under /es/, with its reviewer.
    visitor, response = visit(browser, site, SPANISH_URL)
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(SPANISH_TITLE)
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(SPANISH_SUMMARY)
    expect(main).to_contain_text("Revisado médicamente por Rhea Reviewer")
    step(visitor, 9, "live-spanish-page")
    visitor.context.close()

    # 4. The writer changes the English summary and submits it; the reviewer approves
    # (publishes) it.
    page = signed_in(browser, site, "writer", english_edit)
    page.get_by_role("textbox", name="Summary").fill(NEW_ENGLISH_SUMMARY)
    footer_action(page, "Submit to Clinical review")
    page.wait_for_url(lambda url: not url.endswith(english_edit))
    step(page, 10, "english-change-submitted")
    page.context.close()
    approve_from_dashboard(browser, site, english["title"], 11, "reviewer-approves-english")

    # The writer finds the Spanish page out of date: in its translation editor...
    page = signed_in(browser, site, "writer", spanish_edit)
    warning = page.get_by_role("status").filter(has_text="This translation is out of date")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("link", name="Sync translated pages")).to_be_visible()
    step(page, 12, "translation-editor-out-of-date")

    # ...in the Spanish procedures listing...
    page.goto(f"/admin/pages/{site.facts['procedure_index_es_id']}/")
    row = page.get_by_role("row").filter(has_text=SPANISH_TITLE)
    expect(row.get_by_role("link", name="Translation out of date")).to_be_visible()
    step(page, 13, "listing-out-of-date")

    # ...and in the Reviews due report, where the English page is not flagged.
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Reviews due").click()
    page.wait_for_url("**/admin/reports/reviews-due/")
    flagged = page.get_by_role("row").filter(has_text="Out of date")
    expect(flagged.filter(has_text=SPANISH_TITLE)).to_have_count(1)
    expect(flagged.filter(has_text=english["title"])).to_have_count(0)
    step(page, 14, "reviews-due-out-of-date")
    page.context.close()

    # Readers keep the approved Spanish page meanwhile.
    visitor, response = visit(browser, site, SPANISH_URL)
    assert response.status == 200
    expect(visitor.get_by_role("main")).to_contain_text(SPANISH_SUMMARY)
    visitor.context.close()
