"""Search engines find every public URL, and nothing else, through /sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from django.test import override_settings
from django.utils import translation

from wagtail.models import Page, PageViewRestriction

from procedures.factories import ProcedurePageFactory
from providers.factories import ProviderFactory, ProviderProcedureFactory
from tests.translations import spanish as translate_locale
from tests.translations import translate

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def in_spanish(path):
    """A profile's English path in Spanish: under /es/ and the Spanish word."""
    assert path.startswith("/doctors/"), path
    return "/es/medicos/" + path.removeprefix("/doctors/")


def body(response):
    """The whole body, read (a streamed sitemap queries the database as it is read)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(body(response))  # noqa: S314 - our own sitemap, not untrusted


def index_locations(client):
    return [loc.text for loc in parse(client.get("/sitemap.xml")).findall("s:sitemap/s:loc", NS)]


def urls(client, location):
    """{path: lastmod text or None} of one sitemap file."""
    parts = urlsplit(location)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    found = {}
    for url in parse(client.get(path)).findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        found[urlsplit(url.find("s:loc", NS).text).path] = (
            lastmod.text if lastmod is not None else None
        )
    return found


def section(client, name):
    """Every URL of a section, across all its files, checking no file repeats one."""
    found = {}
    for location in index_locations(client):
        if f"/sitemap-{name}.xml" in location:
            page = urls(client, location)
            assert not set(page) & set(found)
            found.update(page)
    return found


@pytest.fixture
def vertebroplasty(procedure_index):
    return ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )


def performs(procedure, state, **provider_fields):
    provider = ProviderFactory(state=state, **provider_fields)
    ProviderProcedureFactory(procedure=procedure, provider=provider)
    return provider


@pytest.mark.django_db
def test_the_index_lists_pages_state_pages_and_profiles_on_the_requests_host(
    client, vertebroplasty
):
    performs(vertebroplasty, "TX")
    locations = index_locations(client)
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-doctors.xml",
        "http://testserver/sitemap-providers.xml",
        "http://testserver/sitemap-providers-es.xml",
    ]
    # Wagtail would write page URLs with the Site record's hostname; one host for all.
    pages = parse(client.get("/sitemap-pages.xml", HTTP_HOST="www.example.org"))
    hosts = {urlsplit(loc.text).netloc for loc in pages.findall("s:url/s:loc", NS)}
    assert hosts == {"www.example.org"}


@pytest.mark.django_db
def test_only_public_live_content_is_listed(client, home, procedure_index, vertebroplasty):
    performs(vertebroplasty, "TX")
    performs(vertebroplasty, "CA")
    hidden = ProviderFactory(state="TX", live=False)
    ProviderProcedureFactory(procedure=vertebroplasty, provider=hidden)
    draft = ProcedurePageFactory(parent=procedure_index, title="Draft", slug="draft", live=False)
    performs(draft, "TX")
    private = ProcedurePageFactory(parent=procedure_index, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    performs(private, "TX")

    pages = section(client, "pages")
    assert set(pages) == {
        "/",
        "/procedures/",
        "/procedures/vertebroplasty/",
        "/procedures/vertebroplasty/doctors/",
    }
    # State pages: only states with doctors, of live public procedures.
    assert set(section(client, "doctors")) == {
        "/procedures/vertebroplasty/doctors/texas/",
        "/procedures/vertebroplasty/doctors/california/",
    }
    profiles = section(client, "providers")
    assert hidden.get_absolute_url() not in profiles
    assert len(profiles) == 4  # two for vertebroplasty, one each for the hidden pages' links


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=3)
def test_profiles_are_split_into_files_that_together_list_each_once(client, db):
    providers = [ProviderFactory() for _ in range(8)]
    unpublished = providers[4]
    unpublished.live = False
    unpublished.save()
    files = [loc for loc in index_locations(client) if "sitemap-providers" in loc]
    # A section per language, each split over the same id ranges.
    assert files == [
        "http://testserver/sitemap-providers.xml",
        "http://testserver/sitemap-providers.xml?p=2",
        "http://testserver/sitemap-providers.xml?p=3",
        "http://testserver/sitemap-providers-es.xml",
        "http://testserver/sitemap-providers-es.xml?p=2",
        "http://testserver/sitemap-providers-es.xml?p=3",
    ]
    for location in files:
        assert len(urls(client, location)) <= 3
    expected = {p.get_absolute_url() for p in providers if p.live}
    assert set(section(client, "providers")) == expected
    assert set(section(client, "providers-es")) == {in_spanish(path) for path in expected}
    for name in ("providers", "providers-es"):
        assert client.get(f"/sitemap-{name}.xml?p=4").status_code == 404
        assert client.get(f"/sitemap-{name}.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-providers-fr.xml").status_code == 404


@pytest.mark.django_db
def test_a_profile_is_dated_by_its_content_not_by_the_load(client, db):
    imported = ProviderFactory(nppes_updated_on=datetime.date(2024, 3, 5))
    edited = ProviderFactory(nppes_updated_on=datetime.date(2024, 3, 5))
    revision = edited.save_revision()
    revision.publish()
    edited.refresh_from_db()
    profiles = section(client, "providers")
    assert profiles[imported.get_absolute_url()] == "2024-03-05"
    assert profiles[edited.get_absolute_url()] == edited.last_published_at.date().isoformat()
    assert edited.last_published_at.date() != datetime.date(2024, 3, 5)
    spanish = section(client, "providers-es")
    assert spanish[in_spanish(imported.get_absolute_url())] == "2024-03-05"
    assert spanish[in_spanish(edited.get_absolute_url())] == profiles[edited.get_absolute_url()]


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=50_000)
def test_sitemaps_run_a_constant_number_of_queries(
    client, vertebroplasty, django_assert_max_num_queries
):
    for state in ("TX", "CA", "NY"):
        performs(vertebroplasty, state)

    paths = (
        "/sitemap.xml",
        "/sitemap-doctors.xml",
        "/sitemap-providers.xml",
        "/sitemap-providers-es.xml",
    )
    for path in paths:  # warm the site's cached root paths, as any earlier request would
        client.get(path)

    def counted(path):
        with django_assert_max_num_queries(16) as captured:
            response = client.get(path)
            assert response.status_code == 200
            body(response)
        return len(captured)

    few = [counted(path) for path in paths]
    for _ in range(20):
        performs(vertebroplasty, "FL")
    many = [counted(path) for path in paths]
    assert many == few


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt", HTTP_HOST="www.example.org", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: https://www.example.org/sitemap.xml" in lines


@pytest.mark.django_db
def test_a_state_page_without_doctors_asks_not_to_be_indexed(client, vertebroplasty):
    performs(vertebroplasty, "TX")
    noindex = '<meta name="robots" content="noindex">'
    assert noindex not in client.get("/procedures/vertebroplasty/doctors/texas/").content.decode()
    assert noindex in client.get("/procedures/vertebroplasty/doctors/wyoming/").content.decode()


XHTML = "{http://www.w3.org/1999/xhtml}link"


def alternates(client, location="/sitemap-pages.xml"):
    """{path: {hreflang: path}} of a sitemap file (pages without alternates: {})."""
    found = {}
    for url in parse(client.get(location)).findall("s:url", NS):
        links = url.findall(XHTML)
        assert all(link.get("rel") == "alternate" for link in links)
        path = urlsplit(url.find("s:loc", NS).text).path
        assert path not in found
        found[path] = {link.get("hreflang"): urlsplit(link.get("href")).path for link in links}
    return found


@pytest.fixture
def bilingual(vertebroplasty):
    """Vertebroplasty in English and Spanish, kyphoplasty in English with a Spanish
    draft, and a Spanish page that is private."""
    vertebroplasty.save_revision().publish()
    index = vertebroplasty.get_parent().specific
    spanish_index = translate(index, title="Procedimientos", slug="procedimientos")
    translate(vertebroplasty, title="Vertebroplastia", slug="vertebroplastia")
    kyphoplasty = ProcedurePageFactory(parent=index, title="Kyphoplasty", slug="kyphoplasty")
    translate(kyphoplasty, title="Cifoplastia", slug="cifoplastia", publish=False)
    private = ProcedurePageFactory(parent=spanish_index, title="Privada", slug="privada")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return vertebroplasty


@pytest.mark.django_db
def test_pages_of_every_language_are_listed_with_their_alternates(client, bilingual):
    english = "/procedures/vertebroplasty/"
    spanish = "/es/procedimientos/vertebroplastia/"
    both = {"en": english, "es": spanish, "x-default": english}
    # A route in each language's word (`providers.paths`).
    doctors = {
        "en": f"{english}doctors/",
        "es": f"{spanish}medicos/",
        "x-default": f"{english}doctors/",
    }
    assert alternates(client) == {
        "/": {"en": "/", "es": "/es/", "x-default": "/"},
        "/procedures/": {
            "en": "/procedures/",
            "es": "/es/procedimientos/",
            "x-default": "/procedures/",
        },
        english: both,
        f"{english}doctors/": doctors,
        # Its Spanish translation is a draft: never listed, never named.
        "/procedures/kyphoplasty/": {},
        "/procedures/kyphoplasty/doctors/": {},
        "/es/": {"en": "/", "es": "/es/", "x-default": "/"},
        "/es/procedimientos/": {
            "en": "/procedures/",
            "es": "/es/procedimientos/",
            "x-default": "/procedures/",
        },
        spanish: both,
        f"{spanish}medicos/": doctors,
    }


@pytest.mark.django_db
def test_a_page_whose_translation_is_private_has_no_alternates(client, bilingual):
    spanish = bilingual.get_translation(translate_locale())
    PageViewRestriction.objects.create(page=spanish, restriction_type="login")
    listed = alternates(client)
    assert "/es/procedimientos/vertebroplastia/" not in listed
    assert listed["/procedures/vertebroplasty/"] == {}


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=50_000)
def test_the_pages_sitemap_runs_a_constant_number_of_queries_in_every_language(
    client, bilingual, django_assert_max_num_queries
):
    index = bilingual.get_parent().specific

    def counted():
        client.get("/sitemap-pages.xml")  # warm the site's cached root paths
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/sitemap-pages.xml").status_code == 200
        return len(captured)

    few = counted()
    for number in range(6):
        page = ProcedurePageFactory(parent=index, title=f"Procedure {number}", slug=f"p{number}")
        translate(page, title=f"Procedimiento {number}", slug=f"p{number}-es")
    assert len(alternates(client)) == 10 + 6 * 4
    assert counted() == few


# -- the directory in every language -------------------------------------------------


@pytest.mark.django_db
def test_state_pages_of_every_language_are_listed_with_their_alternates(client, bilingual):
    kyphoplasty = Page.objects.get(slug="kyphoplasty", locale__language_code="en").specific
    performs(bilingual, "TX")
    performs(bilingual, "NM")
    performs(kyphoplasty, "CA")
    english = "/procedures/vertebroplasty/doctors/"
    spanish = "/es/procedimientos/vertebroplastia/medicos/"

    def both(state):
        state = f"{state}/"
        return {"en": english + state, "es": spanish + state, "x-default": english + state}

    listed = alternates(client, "/sitemap-doctors.xml")
    assert listed == {
        f"{english}new-mexico/": both("new-mexico"),
        f"{english}texas/": both("texas"),
        # Its Spanish translation is a draft: its state pages are not listed, not named.
        "/procedures/kyphoplasty/doctors/california/": {},
        f"{spanish}new-mexico/": both("new-mexico"),
        f"{spanish}texas/": both("texas"),
    }
    # Each language's state page is served where the sitemap says.
    for path in listed:
        assert client.get(path).status_code == 200, path

    translate(kyphoplasty, title="Cifoplastia", slug="cifoplastia")  # the draft, published
    cifoplastia = "/es/procedimientos/cifoplastia/medicos/california/"
    assert alternates(client, "/sitemap-doctors.xml")[cifoplastia] == {
        "en": "/procedures/kyphoplasty/doctors/california/",
        "es": cifoplastia,
        "x-default": "/procedures/kyphoplasty/doctors/california/",
    }


@pytest.mark.django_db
def test_a_private_translations_state_pages_are_neither_listed_nor_named(client, bilingual):
    performs(bilingual, "TX")
    spanish = bilingual.get_translation(translate_locale())
    PageViewRestriction.objects.create(page=spanish, restriction_type="login")
    assert alternates(client, "/sitemap-doctors.xml") == {
        "/procedures/vertebroplasty/doctors/texas/": {}
    }


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=2)
def test_state_pages_of_both_languages_keep_to_the_limit_per_file(client, bilingual):
    for state in ("TX", "CA", "NM"):
        performs(bilingual, state)
    files = [loc for loc in index_locations(client) if "sitemap-doctors" in loc]
    assert files == [
        "http://testserver/sitemap-doctors.xml",
        "http://testserver/sitemap-doctors.xml?p=2",
        "http://testserver/sitemap-doctors.xml?p=3",
    ]
    for location in files:
        assert len(urls(client, location)) <= 2
    assert len(section(client, "doctors")) == 6


@pytest.mark.django_db
def test_profiles_of_every_language_are_listed_with_their_alternates(client, db):
    provider = ProviderFactory()
    english = provider.get_absolute_url()
    with translation.override("es"):
        spanish = provider.get_absolute_url()
    assert spanish == in_spanish(english)
    both = {"en": english, "es": spanish, "x-default": english}
    assert alternates(client, "/sitemap-providers.xml") == {english: both}
    assert alternates(client, "/sitemap-providers-es.xml") == {spanish: both}
    # Absolute, on the request's host, as every other URL of the sitemaps.
    root = parse(client.get("/sitemap-providers-es.xml", HTTP_HOST="www.example.org"))
    assert [link.get("href") for link in root.iter(XHTML)] == [
        f"http://www.example.org{english}",
        f"http://www.example.org{spanish}",
        f"http://www.example.org{english}",
    ]
    assert client.get(spanish).status_code == 200


@pytest.mark.django_db
@override_settings(
    LANGUAGES=[("en", "English"), ("es", "Español"), ("fr", "Français")],
)
def test_a_third_language_is_configuration(client, db):
    provider = ProviderFactory()
    english = provider.get_absolute_url()
    assert "http://testserver/sitemap-providers-fr.xml" in index_locations(client)
    assert alternates(client, "/sitemap-providers-fr.xml") == {
        f"/fr{english}": {
            "en": english,
            "es": in_spanish(english),
            "fr": f"/fr{english}",
            "x-default": english,
        }
    }


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=3)
def test_the_benchs_weekly_check_reads_every_languages_profile_files(client, db):
    """`bench.weekly` finds a provider's file by the id-range arithmetic of the default
    language's section; every language's section must follow it."""
    from bench.weekly import sitemap_mistakes

    providers = [ProviderFactory() for _ in range(8)]
    gone, new = providers[1], providers[6]
    gone.live = False
    gone.save()
    assert sitemap_mistakes([gone.npi], [new.npi]) == (0, 2, 4)  # 2 files in 2 languages
    # Claimed the other way round, both are wrong.
    assert sitemap_mistakes([new.npi], [gone.npi])[0] == 2


@pytest.mark.django_db
@override_settings(SITEMAP_URLS_PER_PAGE=50_000)
def test_the_directory_sitemaps_run_a_constant_number_of_queries_in_every_language(
    client, bilingual, django_assert_max_num_queries
):
    index = bilingual.get_parent().specific
    performs(bilingual, "TX")
    paths = ("/sitemap.xml", "/sitemap-doctors.xml", "/sitemap-providers-es.xml")

    def counted(path):
        client.get(path)  # warm the site's cached root paths
        with django_assert_max_num_queries(16) as captured:
            body(client.get(path))
        return len(captured)

    few = [counted(path) for path in paths]
    for number in range(4):
        page = ProcedurePageFactory(parent=index, title=f"Procedure {number}", slug=f"p{number}")
        translate(page, title=f"Procedimiento {number}", slug=f"p{number}-es")
        performs(page, "CA")
        performs(page, "NM")
    assert len(section(client, "doctors")) == 2 + 4 * 2 * 2
    assert [counted(path) for path in paths] == few
