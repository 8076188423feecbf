"""Password-protected pages: guesses are limited per protected page and client, and the
form always returns to a page of this site."""

import time
import uuid

import pytest

from django.test import override_settings
from django.urls import reverse

from wagtail.models import PageViewRestriction

from procedures.factories import ProcedurePageFactory

from .test_cache import DEAD_REDIS_URL, REDIS_URL, caches_setting, needs_redis, redis_cache

PASSWORD = "s3cret-words"
CLIENT = "203.0.113.7"
# Windows start at fixed times; a day's cannot start again in the middle of a test.
DAY = 86400


@pytest.fixture
def members(procedure_index):
    """A protected page with a public-looking child, as editors protect a section."""
    page = ProcedurePageFactory(parent=procedure_index, title="Members", slug="members")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    child = ProcedurePageFactory(parent=page, title="Members' guide", slug="guide")
    return {"page": page, "child": child, "restriction": restriction}


def form_url(restriction, page):
    return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


def attempt(client, members, password, page=None, return_url=None, address=CLIENT, **extra):
    page = page or members["page"]
    return client.post(
        form_url(members["restriction"], page),
        {"password": password, "return_url": return_url or page.url},
        REMOTE_ADDR=address,
        **extra,
    )


def passed(response, members):
    return response.status_code == 302 and response["Location"] == members["page"].url


def still_asks_for_the_password(client, path):
    response = client.get(path)
    return response.status_code == 200 and "Password required" in response.content.decode()


# Where the form returns.


def test_the_right_password_returns_to_the_page_asked_for(client, members):
    response = attempt(client, members, PASSWORD, return_url="/procedures/members/?tab=2")
    assert response.status_code == 302
    assert response["Location"] == "/procedures/members/?tab=2"
    assert not still_asks_for_the_password(client, "/procedures/members/")


@pytest.mark.parametrize(
    "return_url",
    ["https://evil.example/", "//evil.example/members/", "javascript:alert(1)", " "],
)
def test_a_refused_return_url_returns_to_the_protected_page_not_a_404(client, members, return_url):
    child = members["child"]
    response = attempt(client, members, PASSWORD, page=child, return_url=return_url)
    assert response.status_code == 302
    assert response["Location"] == child.url == "/procedures/members/guide/"
    assert client.get(response["Location"]).status_code == 200
    assert not still_asks_for_the_password(client, response["Location"])


def test_a_wrong_password_keeps_the_safe_return_url_in_the_form(client, members):
    response = attempt(client, members, "wrong", return_url="https://evil.example/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "evil.example" not in body
    assert 'value="/procedures/members/"' in body


# How many guesses.


@override_settings(PAGE_PASSWORD_RATE=(3, DAY))
def test_guesses_are_limited_per_client_then_429_with_retry_after(client, members):
    for _ in range(3):
        assert attempt(client, members, "wrong").status_code == 200  # the form, with its error
    refused = attempt(client, members, "wrong")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= DAY
    assert "no-store" in refused["Cache-Control"]
    assert f"Too many attempts. Try again in {refused['Retry-After']} seconds." in (
        refused.content.decode()
    )
    # Over the limit even the right password is not checked, so guessing stops here...
    assert attempt(client, members, PASSWORD).status_code == 429
    assert still_asks_for_the_password(client, "/procedures/members/")
    # ...while another client is not affected.
    assert passed(attempt(client, members, PASSWORD, address="198.51.100.9"), members)


@override_settings(PAGE_PASSWORD_RATE=(3, DAY))
def test_the_limit_is_per_protected_page_whichever_page_id_the_form_names(
    client, members, procedure_index
):
    for page in (members["page"], members["child"], procedure_index):
        assert attempt(client, members, "wrong", page=page).status_code == 200
    # The restriction is what holds the password: naming another page does not reset it.
    assert attempt(client, members, "wrong", page=members["child"]).status_code == 429
    # Another protected page has its own count.
    other = ProcedurePageFactory(parent=procedure_index, title="Staff", slug="staff")
    staff = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="staff-only"
    )
    response = client.post(
        form_url(staff, other), {"password": "wrong", "return_url": other.url}, REMOTE_ADDR=CLIENT
    )
    assert response.status_code == 200


@override_settings(PAGE_PASSWORD_RATE=(2, DAY), TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_is_per_forwarded_client(client, members):
    proxy = {"address": "10.0.0.2"}
    for _ in range(2):
        attempt(client, members, "wrong", HTTP_X_FORWARDED_FOR=CLIENT, **proxy)
    # A forged entry left of the proxy's does not make a new client.
    forged = attempt(client, members, "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT}", **proxy)
    assert forged.status_code == 429
    other = attempt(client, members, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert passed(other, members)


@override_settings(PAGE_PASSWORD_RATE=(2, 2))
def test_the_count_starts_again_when_retry_after_has_passed(client, members):
    time.sleep(2 - time.time() % 2)  # start with a window, so three attempts fit in it
    for _ in range(2):
        attempt(client, members, "wrong")
    refused = attempt(client, members, "wrong")
    assert refused.status_code == 429
    time.sleep(int(refused["Retry-After"]))
    assert passed(attempt(client, members, PASSWORD), members)


@override_settings(PAGE_PASSWORD_RATE=None)
def test_the_limit_can_be_turned_off(client, members):
    for _ in range(30):
        assert attempt(client, members, "wrong").status_code == 200
    assert passed(attempt(client, members, PASSWORD), members)


def test_while_the_shared_cache_is_down_no_password_is_checked(client, members):
    """Fails closed: without the shared count, guesses would be unlimited."""
    with override_settings(CACHES=caches_setting(DEAD_REDIS_URL, "test-page-passwords")):
        response = attempt(client, members, PASSWORD)
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert response["Cache-Control"] == "no-store"
        # The page still shows its form: only checking a password waits.
        assert still_asks_for_the_password(client, "/procedures/members/")


@needs_redis
@override_settings(PAGE_PASSWORD_RATE=(3, DAY))
def test_the_count_is_kept_in_redis_where_every_app_server_reads_it(client, members):
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES=caches_setting(REDIS_URL, prefix)):
        assert [attempt(client, members, "wrong").status_code for _ in range(3)] == [200] * 3
        assert attempt(client, members, PASSWORD).status_code == 429
    # Another app server's connection reads the same count.
    redis = redis_cache(REDIS_URL, prefix)._cache.get_client()
    pattern = f"{prefix}:1:page-password:{members['restriction'].pk}:{CLIENT}:*"
    assert sum(int(redis.get(key)) for key in redis.keys(pattern)) == 4
