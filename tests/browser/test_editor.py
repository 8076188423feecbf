"""An editorial change through Wagtail's real admin, in a real browser, to the live page.

The procedures section carries the *Clinical review* workflow (`setup_roles`), so the
change goes the way it goes in production: a medical writer signs in, edits the Recovery
section in the page editor and submits it for review; a clinical reviewer signs in and
approves, which publishes; a visitor then reads the new sentence on the live page, with
the reviewer named as its medical reviewer.
"""

import re

import pytest
from playwright.sync_api import expect

from .admin import footer_action, sign_in

pytestmark = pytest.mark.browser

NEW_SENTENCE = "Most people walk the same day and drive again within a week."


def wait_until_the_editor_holds(page, text):
    """Wait until Draftail has written `text` into the field the form submits.

    Draftail saves its state into the form's hidden input 250 ms after the last
    keystroke (`stateSaveInterval`), not on every key: a person moving to the footer
    takes longer than that, a test that clicks at once does not, and would submit the
    text as it was before the edit. (A hidden input's `value` is its attribute.)
    """
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(text))",
        arg=text,
    )


def recovery_on_live_page(browser, site):
    """The Recovery section as a new visitor sees it (a new context: nothing cached)."""
    page = browser.new_context(base_url=site.url).new_page()
    page.goto(site.facts["procedure"])
    return page.get_by_role("region", name="Recovery")


def test_a_writer_edits_recovery_a_reviewer_approves_and_the_live_page_shows_it(browser, site):
    edit = f"/admin/pages/{site.facts['procedure_id']}/edit/"

    writer = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = writer.new_page()
    page.set_default_timeout(90_000)  # the admin's editor is heavy on a busy machine
    sign_in(page, "writer", edit)
    recovery = page.get_by_role("region", name=re.compile(r"^Recovery"))
    body = recovery.get_by_role("textbox").and_(recovery.locator("[contenteditable=true]"))
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + NEW_SENTENCE)
    wait_until_the_editor_holds(page, NEW_SENTENCE)
    footer_action(page, "Submit to Clinical review")
    page.wait_for_url(lambda url: not url.endswith(edit))
    submitted = page.get_by_role("status").filter(has_text=re.compile("submitted", re.I))
    expect(submitted.first).to_be_visible()
    writer.close()

    # Visitors still read the old text while the review is pending.
    expect(recovery_on_live_page(browser, site)).not_to_contain_text(NEW_SENTENCE)

    reviewer = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = reviewer.new_page()
    page.set_default_timeout(90_000)
    sign_in(page, "reviewer", edit)
    footer_action(page, "Approve and Publish")
    page.wait_for_url(lambda url: not url.endswith(edit))
    reviewer.close()

    recovery = recovery_on_live_page(browser, site)
    expect(recovery).to_contain_text(NEW_SENTENCE)
    expect(recovery.page.get_by_role("main")).to_contain_text("Medically reviewed by Rhea Reviewer")
