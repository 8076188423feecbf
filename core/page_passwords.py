"""The password form of password-protected pages: a limited number of guesses, and a
way back to the page.

Wagtail checks a page password at `/_util/authenticate_with_password/<restriction>/<page>/`
(`wagtail.views.authenticate_with_password`) with no limit on guesses, and sends a
visitor whose `return_url` it refuses (another host, a `javascript:` URL) to
`LOGIN_REDIRECT_URL`, Django's `/accounts/profile/`, which this site does not serve.
`cms.urls` mounts the view below at the same path: it counts the attempt, puts the
page itself in place of a refused `return_url`, and leaves the password check to
Wagtail's view.

A cms core module: it imports no app.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from .api_errors import unavailable
from .security import client_ip


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's view, after the attempt is counted and the return URL made safe."""
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    page = get_object_or_404(Page, id=page_id).specific
    return_url = request.POST.get("return_url", "")
    if not url_has_allowed_host_and_scheme(return_url, request.get_host(), request.is_secure()):
        request.POST = request.POST.copy()
        request.POST["return_url"] = page.get_url(request) or "/"
    wait = seconds_to_wait(request, page_view_restriction_id)
    if wait is None:
        return unavailable(request)
    if wait:
        return too_many_attempts(request, page_view_restriction_id, page, wait)
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def seconds_to_wait(request, restriction_id):
    """Count this attempt; 0 while within `PAGE_PASSWORD_RATE`, else the seconds until
    the next window, or None when the count cannot be kept.

    Keyed on the restriction, not the page: the restriction holds the password, and
    the page id in the URL is the client's to choose. Fixed windows counted with the
    cache's atomic `add` and `incr`, so concurrent guesses cannot slip past the limit
    (a list of timestamps read and written back, as DRF's throttles keep, can).
    The count lives in the default cache: Redis, shared by every app server, when
    `REDIS_URL` is set. When the cache cannot count (Redis down: `core.cache` answers
    as an empty cache), the attempt is refused: an uncounted password form is an
    unlimited one, and visitors who already passed keep their access (sessions are
    in the database).
    """
    rate = settings.PAGE_PASSWORD_RATE
    if rate is None:
        return 0
    limit, period = rate
    now = time.time()
    window = int(now // period)
    key = f"page-password:{restriction_id}:{client_ip(request)}:{window}"
    timeout = period + 1  # outlives the window, never by much
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired since add(), or the cache is unreachable
            if not cache.add(key, 1, timeout):
                return None
            count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


class RefusedPasswordForm(PasswordViewRestrictionForm):
    """Wagtail's form over the limit: says why, and never checks the password."""

    def __init__(self, *args, wait, **kwargs):
        super().__init__(*args, **kwargs)
        self.wait = wait

    def clean_password(self):
        raise ValidationError(
            ngettext(
                "Too many attempts. Try again in %(seconds)d second.",
                "Too many attempts. Try again in %(seconds)d seconds.",
                self.wait,
            )
            % {"seconds": self.wait}
        )


def too_many_attempts(request, restriction_id, page, wait):
    """The page's password form (its own template), as a 429 with `Retry-After`."""
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    form = RefusedPasswordForm(request.POST, instance=restriction, wait=wait)
    form.is_valid()
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = 429
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
