"""Each event purges exactly the URLs it changes, through Wagtail's frontend cache
backends (a recording backend in the test settings), once the change commits."""

import io

import pytest

from django.core.management import call_command
from django.urls import reverse

from procedures.factories import ProcedureIndexPageFactory
from providers.models import ProcedureSpecialty, Specialty
from tests.providers.forms import provider_form

from .conftest import procedure_page_urls, site

PROCEDURE = "/procedures/vertebroplasty/"
# A profile's addresses in every language: Spanish profiles are cached pages too.
# Wagtail's frontend cache rewrites a path with a language prefix for every content
# language, so `/es/…` is purged as `/en/…` too (a path English never uses). Spanish
# profiles live under the Spanish word (`providers.paths`).
PROFILE = tuple(
    f"{prefix}1234567893{rest}/"
    for prefix in ("/doctors/", "/es/medicos/", "/en/medicos/")
    for rest in ("-jane-sample", "")
)


def page_api(page):
    return site(
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-doctors.xml",
    )


def procedure_directory_api(page):
    return site(
        f"/api/v2/providers/states/?procedure={page.pk}",
        f"/api/v2/providers/states/?procedure={page.slug}",
        "/api/v2/providers/",
    )


def profile_urls(provider):
    return site(*PROFILE, f"/api/v2/providers/{provider.pk}/")


def procedure_event(page, provider, path=PROCEDURE, index="/procedures/"):
    """A procedure's publish/unpublish/delete: its pages, the lists above it, its API
    detail, its counts, and the profiles of the doctors listed for it."""
    return (
        procedure_page_urls(path)
        | site("/", index)
        | page_api(page)
        | procedure_directory_api(page)
        | profile_urls(provider)
    )


def provider_event(provider, procedure, states, profiles=PROFILE):
    return site(
        *profiles,
        f"/api/v2/providers/{provider.pk}/",
        "/api/v2/providers/",
        f"/api/v2/providers/states/?procedure={procedure.pk}",
        "/api/v2/providers/states/?procedure=vertebroplasty",
        PROCEDURE,
        f"{PROCEDURE}doctors/",
        *(f"{PROCEDURE}doctors/{state}/" for state in states),
    )


@pytest.mark.django_db
def test_publishing_a_procedure(recorded_purges, vertebroplasty, texan):
    with recorded_purges() as purged:
        vertebroplasty.save_revision().publish()
    assert purged == procedure_event(vertebroplasty, texan)


@pytest.mark.django_db
def test_unpublishing_a_procedure_in_the_admin(
    recorded_purges, admin_client, vertebroplasty, texan
):
    with recorded_purges() as purged:
        response = admin_client.post(
            reverse("wagtailadmin_pages:unpublish", args=[vertebroplasty.pk])
        )
        assert response.status_code == 302
    assert purged == procedure_event(vertebroplasty, texan)


@pytest.mark.django_db
def test_deleting_a_procedure_in_the_admin(recorded_purges, admin_client, vertebroplasty, texan):
    with recorded_purges() as purged:
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[vertebroplasty.pk]))
        assert response.status_code == 302
    assert purged == procedure_event(vertebroplasty, texan)


@pytest.mark.django_db
def test_moving_a_procedure_in_the_admin_purges_old_and_new_addresses(
    recorded_purges, admin_client, home, vertebroplasty, texan
):
    treatments = ProcedureIndexPageFactory(parent=home, title="Treatments", slug="treatments")
    url = reverse("wagtailadmin_pages:move_confirm", args=[vertebroplasty.pk, treatments.pk])
    with recorded_purges() as purged:
        assert admin_client.post(url).status_code == 302
    assert purged == procedure_event(vertebroplasty, texan) | procedure_event(
        vertebroplasty, texan, path="/treatments/vertebroplasty/", index="/treatments/"
    )


@pytest.mark.django_db
def test_a_procedure_listed_on_many_profiles_leaves_them_to_expire(
    recorded_purges, settings, vertebroplasty, texan
):
    settings.HTTP_CACHE_PURGE_PROFILE_LIMIT = 0
    with recorded_purges() as purged:
        vertebroplasty.save_revision().publish()
    assert purged == procedure_event(vertebroplasty, texan) - profile_urls(texan)


@pytest.mark.django_db
def test_publishing_an_article_purges_the_procedures_featuring_it(
    recorded_purges, article, vertebroplasty
):
    with recorded_purges() as purged:
        article.save_revision().publish()
    assert purged == (
        site("/articles/recovery/", "/", "/articles/")
        | page_api(article)
        | site(PROCEDURE, f"/api/v2/pages/{vertebroplasty.pk}/")
    )


@pytest.mark.django_db
def test_deleting_an_article(recorded_purges, admin_client, article, vertebroplasty):
    with recorded_purges() as purged:
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))
        assert response.status_code == 302
    assert purged == (
        site("/articles/recovery/", "/", "/articles/")
        | page_api(article)
        | site(PROCEDURE, f"/api/v2/pages/{vertebroplasty.pk}/")
    )


def edit_url(provider):
    return reverse("wagtailsnippets_providers_provider:edit", args=[provider.pk])


@pytest.mark.django_db
def test_publishing_a_provider_who_moved_and_changed_name(
    recorded_purges, admin_client, vertebroplasty, texan
):
    form = provider_form(first_name="Janet", state="AK", city="Juneau", zip_code="99801")
    with recorded_purges() as purged:
        response = admin_client.post(edit_url(texan), {**form, "action-publish": "publish"})
        assert response.status_code == 302
    assert purged == provider_event(
        texan,
        vertebroplasty,
        ["texas", "alaska"],
        profiles=[
            *PROFILE,
            "/doctors/1234567893-janet-sample/",
            "/es/medicos/1234567893-janet-sample/",
            "/en/medicos/1234567893-janet-sample/",
        ],
    )


@pytest.mark.django_db
def test_a_procedure_featuring_a_provider_is_purged_with_it(
    recorded_purges, admin_client, vertebroplasty, kyphoplasty, texan
):
    from providers.models import ProcedureFeaturedProvider

    ProcedureFeaturedProvider.objects.create(page=kyphoplasty, provider=texan)
    with recorded_purges() as purged:
        admin_client.post(edit_url(texan), {**provider_form(), "action-publish": "publish"})
    kypho = "/procedures/kyphoplasty/"
    assert purged == provider_event(texan, vertebroplasty, ["texas"]) | site(
        kypho,
        f"{kypho}doctors/",
        f"/api/v2/providers/states/?procedure={kyphoplasty.pk}",
        "/api/v2/providers/states/?procedure=kyphoplasty",
    )


@pytest.mark.django_db
def test_unpublishing_a_provider_in_the_admin(recorded_purges, admin_client, vertebroplasty, texan):
    url = reverse("wagtailsnippets_providers_provider:unpublish", args=[texan.pk])
    with recorded_purges() as purged:
        assert admin_client.post(url).status_code == 302
    assert purged == provider_event(texan, vertebroplasty, ["texas"])


@pytest.mark.django_db
def test_deleting_a_provider_in_the_admin(recorded_purges, admin_client, vertebroplasty, texan):
    url = reverse("wagtailsnippets_providers_provider:delete", args=[texan.pk])
    with recorded_purges() as purged:
        assert admin_client.post(url).status_code == 302
    assert purged == provider_event(texan, vertebroplasty, ["texas"])


@pytest.mark.django_db
def test_saving_drafts_purges_nothing(recorded_purges, admin_client, vertebroplasty, texan):
    with recorded_purges() as purged:
        admin_client.post(edit_url(texan), provider_form(first_name="Draft"))
        vertebroplasty.title = "Draft"
        vertebroplasty.save_revision()
    assert purged == set()


@pytest.mark.django_db
def test_an_import_purges_every_procedures_directory_lists(
    recorded_purges, tmp_path, vertebroplasty, kyphoplasty
):
    """Not the profiles it changed (up to a million): they expire with their max-age."""
    from pathlib import Path

    call_command("load_nucc_taxonomy", stdout=io.StringIO())
    ProcedureSpecialty.objects.create(
        page=vertebroplasty, specialty=Specialty.objects.get(code="2085R0204X")
    )
    sample = Path(__file__).resolve().parent.parent / "data" / "nppes_sample.csv"
    with recorded_purges() as purged:
        call_command(
            "import_nppes",
            str(sample),
            "--single-thread",
            f"--reject-file={tmp_path / 'rejects.csv'}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    expected = site("/api/v2/providers/")
    for page in (vertebroplasty, kyphoplasty):
        expected |= procedure_page_urls(page.url) | procedure_directory_api(page)
    assert purged == expected
