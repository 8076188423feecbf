"""Signing in to Wagtail's admin and using its editor's footer, as the editor tests do
(`test_editor.py`, `test_translation_flow.py`)."""

from .demo_site import USERS

# The admin's editors are heavy on a busy machine: the longest any step may wait.
ADMIN_TIMEOUT = 90_000  # ms


def sign_in(page, username, next_path):
    """Sign in through the admin's login form, landing on `next_path`."""
    page.goto(f"/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(USERS[username]["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def signed_in(browser, site, username, next_path):
    """A new tab in a browser context of its own (its own session), signed in as
    `username` and on `next_path`."""
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(ADMIN_TIMEOUT)
    sign_in(page, username, next_path)
    return page


def footer_action(page, name):
    """Click one of the editor's footer actions (the first is shown, the rest in a menu)."""
    action = page.get_by_role("button", name=name, exact=True)
    if not action.is_visible():
        page.get_by_role("button", name="More actions").click()
    action.click()
