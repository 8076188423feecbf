"""A translated procedure page shows its English page's directory and costs, from the
same rows: no provider link, count, specialty or billing code is copied per language."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail_localize.models import Translation, TranslationSource

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

from costs.models import ProcedureBillingCode
from home.locales import translate_home
from procedures.factories import ProcedurePageFactory
from procedures.models import ProcedurePage
from providers.factories import ProviderFactory
from providers.models import ProcedureFeaturedProvider, ProcedureSpecialty, ProviderProcedure
from tests import frontend_cache
from tests.costs.conftest import FILES, import_file
from tests.editorial.forms import procedure_form

ENGLISH = "/procedures/vertebroplasty/"
SPANISH = "/es/procedimientos/vertebroplastia/"
PROFILE = re.compile(r"/(?:doctors|medicos)/(\d{10})-")


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def spanish():
    return Locale.objects.get(language_code="es")


@pytest.fixture
def english_page(vertebroplasty, radiology):
    """The English page with performing specialties, so publishing it links every
    radiologist: four in Texas, one in Ohio; one featured."""
    texans = [ProviderFactory(primary_specialty=radiology, state="TX") for _ in range(4)]
    ProviderFactory(primary_specialty=radiology, state="OH")
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    ProcedureFeaturedProvider.objects.create(
        page=vertebroplasty, provider=texans[0], reason="Runs the spine service."
    )
    page = ProcedurePage.objects.get(pk=vertebroplasty.pk)
    publish(page)
    assert ProviderProcedure.objects.filter(procedure=page, state="TX").count() == 4
    return page


@pytest.fixture
def spanish_index(home, procedure_index, spanish):
    translate_home(home, "es")
    index = procedure_index.copy_for_translation(spanish)
    index.slug = "procedimientos"
    index.title = "Procedimientos"
    index.save()
    return publish(index)


def translate(page, locale):
    translated = page.copy_for_translation(locale)
    translated.title = "Vertebroplastia"
    translated.slug = "vertebroplastia"
    translated.save()
    return publish(translated)


@pytest.fixture
def spanish_page(english_page, spanish_index, spanish):
    return translate(english_page, spanish)


def npis(response):
    assert response.status_code == 200, response.status_code
    html = BeautifulSoup(response.content, "html.parser")
    return [PROFILE.search(a["href"]).group(1) for a in html.select(".provider-card__name a[href]")]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def tables(sql):
    """The first table a query reads ("providers_procedurestatecount")."""
    return re.search(r'FROM "?(\w+)"?', sql).group(1)


@pytest.mark.django_db
def test_the_translation_reads_the_english_pages_rows_and_owns_none(english_page, spanish_page):
    loaded = ProcedurePage.objects.get(pk=spanish_page.pk)
    assert not loaded.specialty_links.exists()
    assert not loaded.featured_provider_links.exists()
    assert loaded.procedure_codes == ""
    assert [s.code for s in loaded.performing_specialties()] == ["2085R0204X"]


@pytest.mark.django_db
def test_spanish_state_page_lists_the_english_pages_doctors_under_spanish_urls(
    client, english_page, spanish_page
):
    english = npis(client.get(f"{ENGLISH}doctors/texas/"))
    response = client.get(f"{SPANISH}medicos/texas/")
    assert len(english) == 4
    assert npis(response) == english
    html = BeautifulSoup(response.content, "html.parser")
    assert "Vertebroplastia" in html.h1.get_text()
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith(f"{SPANISH}medicos/texas/")
    crumbs = [a["href"] for a in html.select("nav[aria-label] a[href]") if "medicos" in a["href"]]
    assert crumbs and all(href.startswith("/es/") for href in crumbs)


@pytest.mark.django_db
def test_spanish_page_map_and_featured_doctor_come_from_the_english_page(
    client, english_page, spanish_page
):
    english = client.get(ENGLISH).content.decode()
    spanish = client.get(SPANISH).content.decode()
    featured = ProcedureFeaturedProvider.objects.get(page=english_page).provider
    assert featured.npi in english and featured.npi in spanish
    assert f'href="{SPANISH}medicos/texas/"' in spanish
    assert f'href="{ENGLISH}doctors/texas/"' not in spanish
    # The state list of the doctors/ page counts the same doctors.
    overview = client.get(f"{SPANISH}medicos/").content.decode()
    assert f"{SPANISH}medicos/texas/" in overview and f"{SPANISH}medicos/ohio/" in overview


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix", [("", ""), ("doctors/", "medicos/"), ("doctors/texas/", "medicos/texas/")]
)
def test_spanish_views_cost_the_same_queries_as_english(client, english_page, spanish_page, suffix):
    english_url, spanish_url = f"{ENGLISH}{suffix[0]}", f"{SPANISH}{suffix[1]}"
    client.get(english_url)  # warm per-process caches (content types, sites)
    client.get(spanish_url)
    english = queries(client, english_url)
    spanish = queries(client, spanish_url)
    # The directory and costs reads are the same queries (on the English page's rows,
    # named by a subquery inside each: `directory_query.links_key`).
    assert [tables(sql) for sql in spanish if not sql.startswith('SELECT "wagtailcore_')] == [
        tables(sql) for sql in english if not sql.startswith('SELECT "wagtailcore_')
    ]
    # Routing finds each language's site root in the same queries (core.page_serve).
    assert len(spanish) == len(english)


@pytest.mark.django_db
def test_publishing_the_spanish_page_creates_no_provider_links(
    english_page, spanish_index, spanish, radiology
):
    links = set(ProviderProcedure.objects.values_list("pk", "procedure_id"))
    translated = translate(english_page, spanish)
    # Even rows an editor put on the translation derive nothing.
    ProcedureSpecialty.objects.create(page=translated, specialty=radiology)
    publish(ProcedurePage.objects.get(pk=translated.pk))
    assert set(ProviderProcedure.objects.values_list("pk", "procedure_id")) == links
    assert not ProviderProcedure.objects.filter(procedure_id=translated.pk).exists()


@pytest.mark.django_db
def test_costs_show_on_the_spanish_page_from_the_english_pages_codes(
    client, english_page, spanish_page, tmp_path
):
    for kind in FILES:
        import_file(kind, tmp_path=tmp_path)
    ProcedureBillingCode.objects.create(
        page=english_page, code="22510", role="primary", label="First bone", sort_order=0
    )
    assert not ProcedureBillingCode.objects.filter(page=spanish_page).exists()
    html = client.get(SPANISH).content.decode()
    assert 'id="medicare-costs-heading"' in html
    assert "(código 22510)" in html
    # The editor's label is English: marked so, on Spanish pages only.
    assert '<span lang="en">First bone</span> (código 22510)' in html
    english = client.get(ENGLISH).content.decode()
    assert "First bone (code 22510)" in english and 'lang="en">First bone' not in english
    state = client.get(f"{SPANISH}medicos/texas/").content.decode()
    assert "22510" in state


@pytest.mark.django_db
def test_wagtail_localize_sync_copies_no_directory_rows(
    english_page, spanish_index, spanish, spine_surgery
):
    ProcedureBillingCode.objects.create(
        page=english_page, code="22510", role="primary", label="First bone", sort_order=0
    )
    source, _created = TranslationSource.get_or_create_from_instance(english_page)
    translation = Translation.objects.create(source=source, target_locale=spanish)
    translation.save_target(publish=True)
    translated = english_page.get_translation(spanish).specific
    assert not translated.specialty_links.exists()
    assert not translated.featured_provider_links.exists()
    assert not translated.billing_codes.exists()
    assert translated.procedure_codes == ""

    # The English page changes; the translation is synced.
    ProcedureSpecialty.objects.create(page=english_page, specialty=spine_surgery)
    source.update_from_db()
    translation.save_target(publish=True)
    translated = ProcedurePage.objects.get(pk=translated.pk)
    assert not translated.specialty_links.exists()
    assert not translated.billing_codes.exists()
    assert translated.procedure_codes == ""
    assert not ProviderProcedure.objects.filter(procedure_id=translated.pk).exists()


@pytest.mark.django_db
def test_a_provider_change_purges_the_spanish_state_page_too(
    english_page, spanish_page, django_capture_on_commit_callbacks
):
    texan = ProviderProcedure.objects.filter(procedure=english_page, state="TX").first().provider
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        texan.city = "Dallas"
        texan.save()
    purged = frontend_cache.purged()
    for base, word in ((ENGLISH, "doctors"), (SPANISH, "medicos")):
        assert f"http://testserver{base}{word}/texas/" in purged
        assert f"http://testserver{base}{word}/" in purged
        assert f"http://testserver{base}" in purged
    assert f"http://testserver{SPANISH}doctors/texas/" not in purged
    assert f"http://testserver{SPANISH}medicos/ohio/" not in purged


@pytest.mark.django_db
def test_publishing_the_english_page_purges_its_translations_pages(
    english_page, spanish_page, django_capture_on_commit_callbacks
):
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        publish(ProcedurePage.objects.get(pk=english_page.pk))
    purged = frontend_cache.purged()
    assert f"http://testserver{SPANISH}medicos/texas/" in purged
    assert f"http://testserver{SPANISH}" in purged


@pytest.mark.django_db
def test_the_editor_of_a_translation_points_to_the_english_pages_rows(
    admin_client, english_page, spanish_page
):
    english = admin_client.get(f"/admin/pages/{english_page.pk}/edit/").content.decode()
    spanish = admin_client.get(f"/admin/pages/{spanish_page.pk}/edit/").content.decode()
    note = "This page is a translation: its doctors and billing codes are the English page"
    assert note not in english and 'name="procedure_codes"' in english
    assert spanish.count(note) == 3  # specialties, featured doctors, billing codes
    assert 'name="procedure_codes"' not in spanish
    assert 'name="specialty_links-TOTAL_FORMS"' in spanish  # the formsets still post

    data = procedure_form(title="Vertebroplastia", slug="vertebroplastia")
    del data["procedure_codes"]  # not shown on a translation
    data["action-publish"] = "publish"
    response = admin_client.post(f"/admin/pages/{spanish_page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ProcedurePage.objects.get(pk=spanish_page.pk).title == "Vertebroplastia"
    assert not ProviderProcedure.objects.filter(procedure_id=spanish_page.pk).exists()


@pytest.mark.django_db
def test_the_spanish_homes_find_a_doctor_leads_to_the_english_pages_doctors(
    client, english_page, spanish_page
):
    home = client.get("/es/").content.decode()
    assert 'value="vertebroplastia"' in home
    response = client.get("/es/find-a-doctor/", {"procedure": "vertebroplastia", "state": "TX"})
    assert response.status_code == 302
    assert response["Location"] == f"{SPANISH}medicos/texas/"
    assert len(npis(client.get(response["Location"]))) == 4


@pytest.mark.django_db
def test_providers_api_lists_the_same_doctors_for_the_spanish_page(
    client, english_page, spanish_page
):
    def listed(procedure):
        response = client.get("/api/v2/providers/", {"procedure": procedure, "state": "TX"})
        assert response.status_code == 200, response.content
        return [item["npi"] for item in response.json()["items"]]

    assert len(listed(english_page.pk)) == 4
    assert listed(spanish_page.pk) == listed(english_page.pk)
    assert listed("vertebroplastia") == listed("vertebroplasty")
    states = client.get("/api/v2/providers/states/", {"procedure": spanish_page.pk}).json()
    english = client.get("/api/v2/providers/states/", {"procedure": english_page.pk}).json()
    assert [(s["state"], s["count"]) for s in states["states"]] == [
        (s["state"], s["count"]) for s in english["states"]
    ]
    assert all(f"{SPANISH}medicos/" in s["url"] for s in states["states"])
    assert states["states"][0]["url"] == f"http://testserver{SPANISH}medicos/alabama/"


@pytest.mark.django_db
def test_pages_api_gives_spanish_pages_the_english_specialties_without_a_query_each(
    client, english_page, spanish_page, procedure_index, spanish
):
    url = (
        "/api/v2/pages/?type=procedures.ProcedurePage&fields=performing_specialties,medicare_costs"
    )
    client.get(f"{url}&locale=en")
    one = len(queries(client, f"{url}&locale=es"))
    kypho = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    spanish_kypho = kypho.copy_for_translation(spanish)
    spanish_kypho.slug = "cifoplastia"
    spanish_kypho.save()
    publish(spanish_kypho)
    assert len(queries(client, f"{url}&locale=es")) == one
    items = client.get(f"{url}&locale=es").json()["items"]
    codes = {item["id"]: [s["code"] for s in item["performing_specialties"]] for item in items}
    assert codes == {spanish_page.pk: ["2085R0204X"], spanish_kypho.pk: []}


# Issue 20: the Spanish directory under the Spanish word (`providers.paths`).


def profile_path(provider, language):
    with translation.override(language):
        return provider.get_absolute_url()


@pytest.mark.django_db
def test_spanish_directory_pages_answer_under_the_spanish_word_english_unchanged(
    client, english_page, spanish_page
):
    texan = ProviderProcedure.objects.filter(procedure=english_page, state="TX").first().provider
    spanish_profile = profile_path(texan, "es")
    assert spanish_profile == f"/es/medicos/{texan.npi}-{texan.slug}/"
    assert profile_path(texan, "en") == f"/doctors/{texan.npi}-{texan.slug}/"
    for url in (
        f"{SPANISH}medicos/",
        f"{SPANISH}medicos/texas/",
        f"{SPANISH}medicos/new-york/",  # state slugs are the same in every language
        spanish_profile,
        f"{ENGLISH}doctors/",
        f"{ENGLISH}doctors/texas/",
        f"/doctors/{texan.npi}-{texan.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == ("es" if url.startswith("/es/") else "en")
    # Each language's routes match its own word only.
    for url in (
        f"{ENGLISH}medicos/",
        f"{ENGLISH}medicos/texas/",
        f"/medicos/{texan.npi}-{texan.slug}/",
        f"{SPANISH}medicos/tejas/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_the_spanish_editions_first_urls_redirect_permanently_to_the_spanish_word(
    client, english_page, spanish_page
):
    texan = ProviderProcedure.objects.filter(procedure=english_page, state="TX").first().provider
    redirects = {
        f"{SPANISH}doctors/": f"{SPANISH}medicos/",
        f"{SPANISH}doctors/texas/": f"{SPANISH}medicos/texas/",
        # What the target reads is passed on, sorted; tracking parameters are not.
        f"{SPANISH}doctors/texas/?utm_source=x&telehealth=true&page=2": (
            f"{SPANISH}medicos/texas/?page=2&telehealth=true"
        ),
        f"{SPANISH}doctors/?state=TX": f"{SPANISH}medicos/?state=TX",
        f"/es/doctors/{texan.npi}-{texan.slug}/?utm_source=x": (
            f"/es/medicos/{texan.npi}-{texan.slug}/"
        ),
        f"/es/doctors/{texan.npi}/": f"/es/medicos/{texan.npi}/",
    }
    for old, new in redirects.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    assert client.get(f"{SPANISH}doctors/texas/", follow=True).status_code == 200
    # English addresses are the directory's own, not redirects.
    assert client.get(f"{ENGLISH}doctors/texas/").status_code == 200
    assert client.get(f"{ENGLISH}doctors/Texas/").status_code == 404


def alternate_links(html):
    """{hreflang: path} of the head's alternates, and of the header's language switch."""
    head = {
        link["hreflang"]: urlsplit(link["href"]).path
        for link in html.select('link[rel="alternate"][hreflang]')
    }
    switch = {a["hreflang"]: a["href"] for a in html.select(".language-switch a")}
    return head, switch


@pytest.mark.django_db
def test_language_switch_and_hreflang_pair_each_languages_directory_urls(
    client, english_page, spanish_page
):
    texan = ProviderProcedure.objects.filter(procedure=english_page, state="TX").first().provider
    pairs = [
        (f"{ENGLISH}doctors/", f"{SPANISH}medicos/"),
        (f"{ENGLISH}doctors/texas/", f"{SPANISH}medicos/texas/"),
        (f"/doctors/{texan.npi}-{texan.slug}/", f"/es/medicos/{texan.npi}-{texan.slug}/"),
    ]
    for english, spanish in pairs:
        english_html = BeautifulSoup(client.get(english).content, "html.parser")
        spanish_html = BeautifulSoup(client.get(spanish).content, "html.parser")
        head, switch = alternate_links(english_html)
        assert switch == {"es": spanish}, english
        if head:  # the profile's head names no alternates when it has none indexable
            assert head == {"en": english, "es": spanish, "x-default": english}
        head, switch = alternate_links(spanish_html)
        assert switch == {"en": english}, spanish
        if head:
            assert head == {"en": english, "es": spanish, "x-default": english}
    state_html = BeautifulSoup(client.get(f"{SPANISH}medicos/texas/").content, "html.parser")
    assert alternate_links(state_html)[0]  # the state page does name them


@pytest.mark.django_db
def test_spanish_directory_pages_link_only_to_spanish_word_urls(client, english_page, spanish_page):
    """Links, picker, map, canonical, breadcrumbs and JSON-LD: nothing under /es/ names
    the English word, and nothing outside the language switch leaves Spanish."""
    for url in (SPANISH, f"{SPANISH}medicos/", f"{SPANISH}medicos/texas/"):
        body = client.get(url).content.decode()
        # The way to the English page (switch and hreflang) is the only English URL.
        body = body.replace(f"{ENGLISH}doctors/", "")
        assert "doctors/" not in body, url
        assert f"{SPANISH}medicos/" in body
    html = BeautifulSoup(client.get(f"{SPANISH}medicos/texas/").content, "html.parser")
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"http://testserver{SPANISH}medicos/texas/"
    assert html.select_one("form.state-picker") is None or (
        html.select_one("form.state-picker")["action"] == f"{SPANISH}medicos/"
    )
    overview = BeautifulSoup(client.get(SPANISH).content, "html.parser")
    assert overview.select_one("form.state-picker")["action"] == f"{SPANISH}medicos/"


@pytest.mark.django_db
def test_the_spanish_state_picker_leads_to_the_spanish_state_page(
    client, english_page, spanish_page
):
    response = client.get(f"{SPANISH}medicos/", {"state": "TX"})
    assert response.status_code == 302
    assert response["Location"] == f"{SPANISH}medicos/texas/"


@pytest.mark.django_db
def test_the_states_api_gives_each_pages_own_words(client, english_page, spanish_page):
    def urls(**query):
        response = client.get("/api/v2/providers/states/", query)
        assert response.status_code == 200, response.content
        return {s["state"]: s["url"] for s in response.json()["states"]}

    root = "http://testserver"
    spanish = urls(procedure=spanish_page.pk, locale="es")
    assert spanish["TX"] == f"{root}{SPANISH}medicos/texas/"
    assert spanish["NY"] == f"{root}{SPANISH}medicos/new-york/"
    assert urls(procedure="vertebroplastia", locale="es") == spanish
    # The English page's URLs are English whatever language the labels are in: they
    # are the addresses that page answers at.
    assert urls(procedure=english_page.pk, locale="es")["TX"] == f"{root}{ENGLISH}doctors/texas/"
    assert urls(procedure=english_page.pk)["TX"] == f"{root}{ENGLISH}doctors/texas/"


@pytest.mark.django_db
def test_a_spanish_profiles_breadcrumbs_lead_to_the_spanish_state_page(
    client, english_page, spanish_page
):
    texan = ProviderProcedure.objects.filter(procedure=english_page, state="TX").first().provider
    html = BeautifulSoup(client.get(profile_path(texan, "es")).content, "html.parser")
    crumbs = [a["href"] for a in html.select(".breadcrumb a")]
    assert f"{SPANISH}medicos/" in crumbs and f"{SPANISH}medicos/texas/" in crumbs
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"http://testserver/es/medicos/{texan.npi}-{texan.slug}/"
