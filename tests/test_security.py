"""Production's defences: lockout, rate limit, CSP, the probes and what production serves."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from core.security import client_ip
from procedures.factories import ProcedurePageFactory
from procedures.models import ProcedurePage

from .procedures.test_reading_grade_admin import edit_form
from .support import PRODUCTION_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_the_admin_login_locks_out_after_five_wrong_passwords(client, editor):
    for _ in range(4):
        assert log_in(client, "editor", "wrong").status_code == 200  # the form, with its error
    assert log_in(client, "editor", "wrong").status_code == 429  # the fifth locks out

    # Locked: the right password no longer opens the admin from that address...
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # ...but does from another, so an attacker cannot lock the editor out everywhere.
    assert logged_in(log_in(client, "editor", PASSWORD, address="198.51.100.9"))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        log_in(client, "editor", "wrong")
    assert logged_in(log_in(client, "editor", PASSWORD))
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", "wrong").status_code == 200
    assert logged_in(log_in(client, "editor", PASSWORD))


# Password spraying: few guesses at each of many usernames from one address. The
# address has its own limit, higher than the pair's.
SPRAY = ("alice", "bob", "carol")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_spraying_usernames_from_one_address_locks_the_address_out(client, editor):
    # 3 usernames x 4 wrong passwords: no pair reaches 5, the address reaches 10.
    answers = [log_in(client, name, "wrong").status_code for _ in range(4) for name in SPRAY]
    assert answers == [200] * 9 + [429] * 3  # the tenth failure locks the address out
    # Locked: no username opens the admin from that address, the right password included...
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # ...but it does from another address.
    assert logged_in(log_in(client, "editor", PASSWORD, address="198.51.100.9"))


@override_settings(
    AXES_ENABLED=True, AXES_FAILURE_LIMIT=2, AXES_ADDRESS_FAILURE_LIMIT=4, TRUSTED_PROXY_COUNT=1
)
def test_behind_a_proxy_the_address_limit_is_per_forwarded_client(client, editor):
    def sprayed(name, forwarded):
        return client.post(
            LOGIN_URL,
            {"username": name, "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [sprayed(name, "203.0.113.7") for name in SPRAY] == [200, 200, 200]
    # A forged entry left of the proxy's is the same client: the fourth failure locks it.
    assert sprayed("dave", "1.2.3.4, 203.0.113.7") == 429
    # Another client behind the same proxy is not locked out.
    assert sprayed("erin", "198.51.100.9") == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_one_persons_typos_do_not_lock_out_others_at_the_same_address(client, editor):
    for _ in range(5):
        log_in(client, "alice", "wrong")
    assert log_in(client, "alice", "wrong").status_code == 429  # her pair is locked
    assert logged_in(log_in(client, "editor", PASSWORD))  # a colleague is not


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_ADDRESS_FAILURE_LIMIT=10)
def test_a_login_forgives_that_users_failures_not_the_addresss(client, editor):
    for name in ("editor", *SPRAY):
        for _ in range(2):
            assert log_in(client, name, "wrong").status_code == 200
    assert logged_in(log_in(client, "editor", PASSWORD))  # forgives the editor's two
    client.logout()
    # The sprayed six still count: four more failures reach the address's ten.
    answers = [log_in(client, name, "wrong").status_code for name in ("dave", "erin") * 2]
    assert answers == [200, 200, 200, 429]


@override_settings(API_THROTTLE_RATE="3/minute")
def test_the_api_limits_each_client(client, db):
    for _ in range(3):
        assert client.get("/api/v2/pages/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/api/v2/pages/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert "throttled" in refused.json()["message"]
    assert int(refused["Retry-After"]) > 0
    # Another client is not affected, on any endpoint.
    assert client.get("/api/v2/providers/", REMOTE_ADDR="198.51.100.9").status_code == 200
    # Pages are not rate-limited by the API's limit.
    assert client.get("/healthz", REMOTE_ADDR="203.0.113.7").status_code == 200


@override_settings(API_THROTTLE_RATE="2/minute", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_is_per_forwarded_client(client, db):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        assert (
            client.get("/api/v2/pages/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
            == 200
        )
    assert (
        client.get("/api/v2/pages/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    )
    # A client cannot dodge the limit by writing its own X-Forwarded-For entry: the
    # proxy appends the real address, and only that one is trusted.
    forged = client.get("/api/v2/pages/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)
    assert forged.status_code == 429
    assert (
        client.get("/api/v2/pages/", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code
        == 200
    )


def test_client_ip_trusts_only_the_configured_proxies():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.2"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "203.0.113.7"
    with override_settings(TRUSTED_PROXY_COUNT=5):  # fewer hops than proxies: not forwarded
        assert client_ip(request) == "10.0.0.2"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_pages_forbid_inline_script(client, home):
    csp = directives(client.get("/"))
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_no_page_may_be_framed_and_both_headers_say_so(client, admin_client, home):
    # CSP's frame-ancestors overrides X-Frame-Options where a browser knows both, so
    # it must be as strict: X-Frame-Options DENY is matched by 'none'.
    for response in (client.get("/"), client.get("/healthz"), admin_client.get("/admin/")):
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response)["frame-ancestors"] == ["'none'"]


def test_the_admins_previews_may_be_framed_by_the_admin_only(admin_client, procedure_index):
    # Wagtail's preview panel and block picker frame its preview views, which send
    # X-Frame-Options SAMEORIGIN; the policy says the same for those responses alone.
    overview = ProcedurePage.sections.field.stream_block.child_blocks["overview"]
    block = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": overview.definition_prefix}
    )
    # A page's preview is rendered through the middleware a second time, for a request
    # Wagtail makes up at the page's public URL; the panel frames that rendering.
    page = ProcedurePageFactory(parent=procedure_index, title="Previewed", slug="previewed")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    form = edit_form(page, ("overview", "Unsaved words"))
    assert admin_client.post(preview_url, form).json()["is_valid"]
    panel = admin_client.get(preview_url, {"in_preview_panel": "true"})
    assert b"Unsaved words" in panel.content
    for response in (block, panel):
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert directives(response)["frame-ancestors"] == ["'self'"]
    # The same preview in a tab of its own, a draft, and the page itself: not framed.
    alone = admin_client.get(preview_url)
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    for response in (alone, draft, Client().get(page.url)):
        assert response.status_code == 200
        assert directives(response)["frame-ancestors"] == ["'none'"]


def test_the_admin_allows_what_wagtail_needs(admin_client, home):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]


def test_readyz_reports_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": {"database": "ok", "cache": "ok"}}
    assert response["Cache-Control"] == "no-store"


# Production settings, started in their own interpreter as a deploy starts them.

SAFE_ENV = {
    "SECRET_KEY": PRODUCTION_SECRET_KEY,
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}
PRODUCTION_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "PUBLIC_BASE_URL",
    "DJANGO_ADMIN_ENABLED",
}


def in_production(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    clean.update(SAFE_ENV)
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_lists_every_unsafe_variable_in_one_message():
    result = in_production(
        ["-c", "import django; django.setup()"],
        SECRET_KEY="abc",
        ALLOWED_HOSTS="*",
        DATABASE_URL="",
        PUBLIC_BASE_URL="example.org",
    )
    assert result.returncode != 0
    message = result.stderr[result.stderr.index("Production settings cannot start") :]
    assert "SECRET_KEY is unsafe" in message
    assert "ALLOWED_HOSTS must not contain '*'" in message
    assert "DATABASE_URL is required" in message
    assert "PUBLIC_BASE_URL must be an absolute URL" in message


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("SECRET_KEY", "", "SECRET_KEY is required"),
        ("SECRET_KEY", "django-insecure-" + "x1y2z3" * 10, "SECRET_KEY is unsafe"),
        ("SECRET_KEY", "a" * 80, "SECRET_KEY is unsafe"),
        ("ALLOWED_HOSTS", " , ", "ALLOWED_HOSTS is required"),
        ("ALLOWED_HOSTS", "www.example.org,*", "ALLOWED_HOSTS must not contain '*'"),
        ("DATABASE_URL", "sqlite:////tmp/db.sqlite3", "DATABASE_URL must point at PostgreSQL"),
    ],
)
def test_production_refuses_each_unsafe_value(variable, value, problem):
    result = in_production(["-c", "import django; django.setup()"], **{variable: value})
    assert result.returncode != 0
    assert problem in result.stderr


def test_production_passes_djangos_deploy_checks():
    result = in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


WHO_SERVES = (
    "import django; django.setup(); from django.urls import resolve; "
    "print(resolve('/django-admin/').func.__module__)"
)


def test_production_does_not_serve_djangos_admin_unless_asked():
    default = in_production(["-c", WHO_SERVES])
    assert default.returncode == 0, default.stderr
    # A page path: Wagtail's page view (through core.page_serve) answers 404.
    assert default.stdout.strip() == "core.page_serve"
    asked = in_production(["-c", WHO_SERVES], DJANGO_ADMIN_ENABLED="true")
    assert asked.stdout.strip().startswith("django.contrib.admin"), asked.stderr


def test_production_links_use_the_public_base_url():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.WAGTAILAPI_BASE_URL, s.WAGTAILADMIN_BASE_URL)"
    )
    result = in_production(["-c", code], PUBLIC_BASE_URL="https://www.example.org/")
    assert result.stdout.split() == ["https://www.example.org", "https://www.example.org"]


READYZ = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/readyz', HTTP_HOST='www.example.org', secure=True); "
    "print(r.status_code, r.content.decode())"
)


def test_readyz_says_503_when_the_database_is_unreachable():
    result = in_production(["-c", READYZ], DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split(" ", 1)
    assert status == "503"
    assert '"database": "unavailable: OperationalError"' in body


# The HTTPS redirect, as production turns it on (cms.settings.production), over plain
# HTTP: a load balancer's health check talks to the app server directly, without TLS
# and often without X-Forwarded-Proto.


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_the_probes_answer_over_plain_http_with_the_https_redirect_on(client, db, probe):
    assert client.get(probe).status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True)
def test_pages_still_redirect_plain_http_to_https(client, home):
    for path in ("/", "/healthz/", "/readyz.json", "/api/v2/pages/"):
        response = client.get(path)
        assert response.status_code == 301, path
        assert response["Location"] == f"https://testserver{path}"


PLAIN_HTTP = (
    "import django; django.setup(); from django.test import Client; c = Client(); "
    "print(*(c.get(p, HTTP_HOST='www.example.org').status_code "
    "for p in ('/healthz', '/readyz', '/')))"
)


def test_production_answers_the_probes_over_plain_http_and_redirects_the_rest():
    result = in_production(["-c", PLAIN_HTTP])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "200", "301"]
