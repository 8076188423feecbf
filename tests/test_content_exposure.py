"""Nothing unpublished or restricted reaches the public, wherever the public looks.

One site holds a never-published page, a live page with an unsaved-to-live draft,
a password-protected page, a login-restricted page and an unpublished provider,
each carrying its own marker word in its title or name. Every public route (pages,
directory pages, the sitemap, every API listing and search) is then read
anonymously and must not contain any marker. Tests elsewhere check each route on
its own; this one sweeps them together so a new route or a new leak shows here.

Also: script in rich text or provider fields never reaches a page as script, and
no admin view answers anyone who is not logged in.
"""

import json
import re

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.choices import LinkBasis
from providers.factories import ProviderFactory, ProviderProcedureFactory

MARKERS = {
    "never published": "zqdraftonly",
    "unpublished change": "zqunpublishedchange",
    "password page": "zqpasswordpage",
    "login page": "zqloginpage",
    "unpublished provider": "zqhiddenprovider",
}


@pytest.fixture
def exposure_site(procedure_index, article_index):
    public = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    ArticlePageFactory(parent=article_index, title="Recovery guide", slug="recovery-guide")
    ProcedurePageFactory(
        parent=procedure_index,
        title=f"Plan {MARKERS['never published']}",
        summary=MARKERS["never published"],
        slug="draft-only",
        live=False,
    )
    draft = public.get_latest_revision_as_object() if public.latest_revision else public
    draft.title = f"Vertebroplasty {MARKERS['unpublished change']}"
    draft.summary = MARKERS["unpublished change"]
    draft.save_revision()  # saved, not published
    password = ProcedurePageFactory(
        parent=procedure_index,
        title=f"Members {MARKERS['password page']}",
        summary=MARKERS["password page"],
        slug="password-page",
    )
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    login = ProcedurePageFactory(
        parent=procedure_index,
        title=f"Staff {MARKERS['login page']}",
        summary=MARKERS["login page"],
        slug="login-page",
    )
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    for last_name, live in (("Shownson", True), (MARKERS["unpublished provider"], False)):
        provider = ProviderFactory(last_name=last_name, state="TX", live=live)
        ProviderProcedureFactory(provider=provider, procedure=public, basis=LinkBasis.SPECIALTY)
    return {"public": public, "hidden_pages": [password, login], "draft_slug": "draft-only"}


def public_urls(site):
    public = site["public"]
    urls = [
        "/",
        "/procedures/",
        "/articles/",
        "/articles/recovery-guide/",
        "/procedures/vertebroplasty/",
        "/procedures/vertebroplasty/doctors/",
        "/procedures/vertebroplasty/doctors/texas/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-doctors.xml",
        "/sitemap-providers.xml",
        "/api/v2/pages/?limit=100&fields=*",
        "/api/v2/pages/?type=procedures.ProcedurePage&limit=100&fields=*",
        f"/api/v2/pages/{public.pk}/",
        "/api/v2/providers/?limit=100",
        "/api/v2/providers/?procedure=vertebroplasty&state=TX",
        "/api/v2/providers/states/?procedure=vertebroplasty",
    ]
    for word in MARKERS.values():
        urls += [f"/api/v2/pages/?search={word}", f"/api/v2/providers/?search={word}"]
    return urls


@pytest.mark.django_db
def test_nothing_unpublished_or_restricted_is_in_any_public_page_search_sitemap_or_api(
    client, exposure_site
):
    leaks = []
    for url in public_urls(exposure_site):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode().lower()
        leaks += [(url, kind) for kind, word in MARKERS.items() if word in body]
    assert not leaks, leaks
    # Public content is there (the sweep read real pages, not empty ones).
    assert b"Shownson" in client.get("/procedures/vertebroplasty/doctors/texas/").content
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/procedures/vertebroplasty/" in sitemap
    for slug in ("draft-only", "password-page", "login-page"):
        assert f"/procedures/{slug}/" not in sitemap


@pytest.mark.django_db
def test_unpublished_and_restricted_pages_have_no_public_address(client, exposure_site):
    for page in exposure_site["hidden_pages"]:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
        response = client.get(page.url)
        assert response.status_code in (200, 302)  # the password form, or a login redirect
        assert MARKERS["password page"] not in response.content.decode()
        assert MARKERS["login page"] not in response.content.decode()
    assert client.get("/procedures/draft-only/").status_code == 404
    found = client.get("/api/v2/pages/find/?html_path=/procedures/draft-only/")
    assert found.status_code == 404


SCRIPT = "</script><script>alert(1)</script>"


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks, "no JSON-LD on the page"
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_no_provider_field_can_break_out_of_the_json_ld(client, procedure_index):
    """Every text field an import or an editor sets, at once: names, address, city."""
    fields = ("first_name", "last_name", "address_line_1", "address_line_2", "city")
    provider = ProviderFactory(**dict.fromkeys(fields, SCRIPT), state="TX")
    html = client.get(provider.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    (data,) = (item for item in jsonld(html)[0]["@graph"] if item["@type"] == "IndividualPhysician")
    assert data["familyName"] == SCRIPT  # the value survives, as data
    assert data["address"]["addressLocality"] == SCRIPT


def edit_form(page, body_html):
    """The admin edit form for `page` with one Overview section holding `body_html`."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "also_known_as": "",
            "sections": streamfield(
                [
                    (
                        "overview",
                        {
                            "heading": "Overview",
                            "body": rich_text(body_html),
                            "image": "",
                            "alt_text": "",
                            "caption": "",
                        },
                    )
                ]
            ),
            "featured_article_links": inline_formset([]),
            "procedure_codes": "",
            "specialty_links": inline_formset([]),
            "billing_codes": inline_formset([]),
            "featured_provider_links": inline_formset([]),
            "page_authors": inline_formset([]),
            "references": streamfield([]),
            "action-publish": "action-publish",
        }
    )


@pytest.mark.django_db
def test_script_sent_in_rich_text_through_the_admin_is_not_served_as_script(
    admin_client, procedure_index
):
    """What an editor (or a stolen editor session) can post: the page shows text, not script.

    Rich text goes through the editor's converter, which keeps only the features
    the field allows; markup it does not know is dropped or becomes text.
    """
    page = ProcedurePageFactory(parent=procedure_index, slug="scripted")
    hostile = (
        '<p>Before <script>alert(1)</script><img src="x" onerror="alert(2)"/> after</p>'
        "<p>Typed: &lt;script&gt;alert(3)&lt;/script&gt;</p>"  # markup typed as text
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", edit_form(page, hostile))
    assert response.status_code == 302, response.content[:2000]
    html = Client().get("/procedures/scripted/").content.decode()
    assert "Before" in html and "after" in html  # the edit was published
    assert "<script>alert(" not in html
    assert "onerror" not in html
    assert "Typed: &lt;script&gt;alert(3)&lt;/script&gt;" in html  # shown as text


ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{page}/",
    "/admin/pages/{page}/edit/",
    "/admin/pages/{page}/revisions/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/reports/site-history/",
    "/admin/snippets/",
]


@pytest.mark.django_db
def test_the_admin_is_unreachable_without_logging_in(client, exposure_site):
    page = exposure_site["public"].pk
    login = reverse("wagtailadmin_login")
    for url in ADMIN_URLS:
        response = client.get(url.format(page=page))
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(login), (url, response["Location"])
