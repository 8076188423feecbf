"""Visitor pages: doctors by state for a procedure."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.choices import LinkBasis
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.models import Language, ProviderProcedure
from providers.views import PER_PAGE

TEXAS = "/procedures/vertebroplasty/doctors/texas/"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def listed_names(html):
    return [a.get_text(strip=True) for a in html.select(".provider-card__name a")]


def link(procedure, basis=LinkBasis.SPECIALTY, **provider_fields):
    provider = ProviderFactory(**provider_fields)
    return ProviderProcedureFactory(procedure=procedure, provider=provider, basis=basis)


@pytest.mark.django_db
def test_state_page_lists_only_live_providers_of_that_state_in_the_documented_order(
    client, vertebroplasty
):
    # Each pair differs only in the key that should decide their order.
    link(vertebroplasty, LinkBasis.SPECIALTY, last_name="Zulu", board_certified=True)
    link(vertebroplasty, LinkBasis.VERIFIED, last_name="Yankee")
    ProviderProcedureFactory(
        procedure=vertebroplasty,
        basis=LinkBasis.VOLUME,
        annual_volume=40,
        provider=ProviderFactory(last_name="Xray"),
    )
    ProviderProcedureFactory(
        procedure=vertebroplasty,
        basis=LinkBasis.VOLUME,
        annual_volume=120,
        provider=ProviderFactory(last_name="Whiskey"),
    )
    link(vertebroplasty, LinkBasis.SPECIALTY, last_name="Victor", years_in_practice=30)
    link(vertebroplasty, LinkBasis.SPECIALTY, last_name="Uniform", years_in_practice=5)
    link(vertebroplasty, LinkBasis.SPECIALTY, last_name="Alpha")
    link(vertebroplasty, LinkBasis.SPECIALTY, last_name="Bravo")
    link(vertebroplasty, LinkBasis.VERIFIED, last_name="Ohio", state="OH")
    link(vertebroplasty, LinkBasis.VERIFIED, last_name="Draft", live=False)

    html = soup(client.get(TEXAS))
    names = [name.split()[1].rstrip(",") for name in listed_names(html)]
    assert names == ["Yankee", "Whiskey", "Xray", "Zulu", "Victor", "Uniform", "Alpha", "Bravo"]
    assert html.h1.get_text(strip=True) == "Vertebroplasty doctors in Texas"
    assert "confirmed perform this procedure first" in html.select_one(".ranking-explanation").text


@pytest.mark.django_db
def test_each_provider_shows_the_basis_of_its_link(client, vertebroplasty):
    link(vertebroplasty, LinkBasis.VERIFIED)
    ProviderProcedureFactory(
        procedure=vertebroplasty,
        basis=LinkBasis.VOLUME,
        annual_volume=120,
        volume_year=2023,
        volume_source="Medicare",
    )
    link(vertebroplasty, LinkBasis.SPECIALTY)
    basis = [
        p.get_text(strip=True) for p in soup(client.get(TEXAS)).select(".provider-card__basis")
    ]
    assert basis == [
        "Performs this procedure: verified",
        "\u2248120 a year, Medicare 2023",
        "Specialty typically performs",
    ]


@pytest.mark.django_db
def test_unpublishing_a_provider_removes_it_from_the_state_page(client, vertebroplasty):
    shown = link(vertebroplasty, last_name="Visible").provider
    hidden = link(vertebroplasty, last_name="Hidden").provider
    hidden.live = False
    hidden.save()
    names = listed_names(soup(client.get(TEXAS)))
    assert [n for n in names if "Hidden" in n] == []
    assert any(shown.last_name in n for n in names)
    assert ProviderProcedure.objects.get(provider=hidden).provider_live is False


@pytest.mark.django_db
def test_filters_narrow_the_list(client, vertebroplasty, radiology, spine_surgery):
    spanish = Language.objects.get(code="es")
    link(
        vertebroplasty,
        last_name="Both",
        primary_specialty=radiology,
        accepting_new_patients=True,
        telehealth=True,
        languages=[spanish],
    )
    link(vertebroplasty, last_name="Spine", primary_specialty=spine_surgery)
    link(
        vertebroplasty,
        last_name="Closed",
        primary_specialty=radiology,
        accepting_new_patients=False,
    )
    link(vertebroplasty, last_name="Other", specialties=[radiology], telehealth=True)

    def names(query):
        return sorted(
            n.split()[1].rstrip(",") for n in listed_names(soup(client.get(TEXAS + query)))
        )

    assert names("?specialty=2085R0204X") == ["Both", "Closed", "Other"]
    assert names("?accepting_new_patients=true") == ["Both"]
    assert names("?telehealth=true") == ["Both", "Other"]
    assert names("?language=es") == ["Both"]
    assert names("?specialty=2085R0204X&telehealth=true") == ["Both", "Other"]


@pytest.mark.django_db
def test_a_bad_filter_is_an_error_on_its_field_not_a_crash(client, vertebroplasty):
    link(vertebroplasty)
    html = soup(client.get(TEXAS + "?specialty=NOPE&accepting_new_patients=maybe"))
    assert "Unknown specialty NOPE" in html.select_one("#specialty-error").text
    assert "Use true or false" in html.text
    assert len(listed_names(html)) == 1


@pytest.mark.django_db
def test_state_page_paginates(client, vertebroplasty):
    for _ in range(PER_PAGE + 2):
        link(vertebroplasty)
    assert len(listed_names(soup(client.get(TEXAS)))) == PER_PAGE
    assert len(listed_names(soup(client.get(TEXAS + "?page=2")))) == 2
    assert "Page 2 of 2" in soup(client.get(TEXAS + "?page=2")).text


@pytest.mark.django_db
def test_empty_state_says_so_and_links_neighbours_that_have_doctors(client, vertebroplasty):
    link(vertebroplasty, state="NM")
    link(vertebroplasty, state="OK")
    link(vertebroplasty, state="NY")
    html = soup(client.get(TEXAS))
    assert "don’t list any doctors in Texas" in html.select_one(".empty-state").text
    neighbours = [a["href"] for a in html.select(".state-links a")]
    assert neighbours == [
        "/procedures/vertebroplasty/doctors/new-mexico/",
        "/procedures/vertebroplasty/doctors/oklahoma/",
    ]


@pytest.mark.django_db
def test_unknown_state_is_a_404(client, vertebroplasty):
    assert client.get("/procedures/vertebroplasty/doctors/narnia/").status_code == 404
    assert client.get("/procedures/vertebroplasty/doctors/armed-forces-europe/").status_code == 404


@pytest.mark.django_db
def test_state_picker_works_without_javascript(client, vertebroplasty):
    response = client.get("/procedures/vertebroplasty/doctors/?state=tx")
    assert response.status_code == 302
    assert response["Location"] == TEXAS
    html = soup(client.get("/procedures/vertebroplasty/doctors/?state=atlantis"))
    assert "Choose a state from the list." in html.text


@pytest.mark.django_db
def test_all_states_page_lists_every_state_with_its_count(client, vertebroplasty):
    link(vertebroplasty, state="TX")
    link(vertebroplasty, state="TX")
    link(vertebroplasty, state="PR")
    html = soup(client.get("/procedures/vertebroplasty/doctors/"))
    items = {
        li.a.get_text(strip=True): li.select_one(".count").get_text(strip=True)
        for li in html.select(".state-links--all li")
    }
    assert len(items) == 56
    assert items["Texas"] == "(2)"
    assert items["Puerto Rico"] == "(1)"
    assert items["Ohio"] == "(0)"


@pytest.mark.django_db
def test_breadcrumb_leads_back_to_the_procedure(client, vertebroplasty):
    link(vertebroplasty)
    crumbs = soup(client.get(TEXAS)).select("nav.breadcrumb li")
    assert [c.get_text(strip=True) for c in crumbs][-3:] == ["Vertebroplasty", "Doctors", "Texas"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_state_page_query_count_is_the_same_for_10_and_200_providers(
    client, vertebroplasty, radiology, django_assert_max_num_queries
):
    spanish = Language.objects.get(code="es")

    def add(n):
        for _ in range(n):
            link(vertebroplasty, primary_specialty=radiology, languages=[spanish])

    filtered = TEXAS + "?specialty=2085R0204X&language=es&page=3"
    add(10)
    client.get(TEXAS)
    baseline = count_queries(client, TEXAS)
    filtered_baseline = count_queries(client, filtered)
    add(190)
    with django_assert_max_num_queries(baseline):
        client.get(TEXAS)
    with django_assert_max_num_queries(filtered_baseline):
        client.get(filtered)


@pytest.mark.django_db
def test_procedure_page_query_count_is_the_same_for_10_and_200_providers(
    client, vertebroplasty, django_assert_max_num_queries
):
    for _ in range(10):
        link(vertebroplasty, state="TX")
    client.get("/procedures/vertebroplasty/")
    baseline = count_queries(client, "/procedures/vertebroplasty/")
    for index in range(190):
        link(vertebroplasty, state=["CA", "NY", "FL", "PR"][index % 4])
    with django_assert_max_num_queries(baseline):
        client.get("/procedures/vertebroplasty/")


@pytest.mark.django_db
def test_an_empty_picker_submission_shows_a_message_on_the_field(client, vertebroplasty):
    html = soup(client.get("/procedures/vertebroplasty/doctors/?state="))
    select = html.select_one("#state-picker-select")
    assert select["aria-invalid"] == "true"
    error = html.select_one("#" + select["aria-describedby"])
    assert "Choose your state" in error.get_text()
    # Without a submission, no error is shown.
    plain = soup(client.get("/procedures/vertebroplasty/doctors/"))
    assert not plain.select(".field-error")
    assert not plain.select_one("#state-picker-select").has_attr("aria-invalid")


@pytest.mark.django_db
def test_an_empty_state_page_explains_no_ranking(client, vertebroplasty):
    link(vertebroplasty, state="OK")
    html = soup(client.get(TEXAS))
    assert html.select_one(".empty-state")
    assert not html.select(".ranking-explanation")
    assert "confirmed perform this procedure first" not in html.get_text()


@pytest.mark.django_db
def test_provider_card_says_why_in_plain_words_with_the_sourced_detail_one_step_away(
    client, vertebroplasty
):
    ProviderProcedureFactory(
        procedure=vertebroplasty,
        basis=LinkBasis.VOLUME,
        annual_volume=228,
        volume_year=2023,
        volume_source="Medicare",
        provider=ProviderFactory(state="TX"),
    )
    card = soup(client.get(TEXAS)).select_one(".provider-card")
    sentence = card.select_one(".provider-card__why").get_text(strip=True)
    assert (
        sentence == "Insurance records show this doctor does this procedure about 228 times a year."
    )
    assert "\u2248" not in sentence and "Medicare" not in sentence
    detail = card.select_one("details.provider-card__detail")
    assert detail.summary.get_text(strip=True) == "How we know"
    assert detail.select_one(".provider-card__basis").get_text(strip=True) == (
        "\u2248228 a year, Medicare 2023"
    )


@pytest.mark.django_db
def test_the_map_adds_no_tab_stops_before_the_state_list(client, vertebroplasty):
    link(vertebroplasty, state="TX")
    html = soup(client.get("/procedures/vertebroplasty/"))
    svg = html.select_one(".us-map svg")
    assert svg["aria-hidden"] == "true"
    shapes = svg.select("a")
    assert len(shapes) >= 56
    assert all(a.get("tabindex") == "-1" for a in shapes)
    # The same places stay reachable by keyboard: the state list links Texas.
    assert html.select_one('.state-links a[href$="/doctors/texas/"]')


@pytest.fixture
def shallow_lists(settings):
    """Lists that show 25 items at most: offsets up to 20, pages of up to 5."""
    settings.API_OFFSET_MAX = 20
    settings.WAGTAILAPI_LIMIT_MAX = 5


@pytest.mark.django_db
def test_a_state_page_pages_no_deeper_than_the_api_and_says_how_to_see_the_rest(
    client, vertebroplasty, shallow_lists
):
    for _ in range(30):
        link(vertebroplasty, accepting_new_patients=True)
    html = soup(client.get(TEXAS))
    # The unfiltered total is exact (from the summary); the pages stop at item 25.
    assert "30 doctors (of 30 in Texas)" in html.select_one(".result-count").text
    assert "Page 1 of 2" in html.text
    assert "first 25 doctors" in html.select_one(".result-depth").text
    last = soup(client.get(TEXAS + "?page=2"))
    assert len(listed_names(last)) == 25 - PER_PAGE
    # A page past the depth is the last page, as any page past the end is.
    assert listed_names(soup(client.get(TEXAS + "?page=3"))) == listed_names(last)


@pytest.mark.django_db
def test_a_filtered_state_page_counts_as_the_api_does_up_to_the_depth(
    client, vertebroplasty, shallow_lists
):
    for _ in range(28):
        link(vertebroplasty, accepting_new_patients=True)
    link(vertebroplasty, accepting_new_patients=False)
    filtered = soup(client.get(TEXAS + "?accepting_new_patients=true"))
    assert (
        "More than 25 doctors match your filters (of 29 in Texas)"
        in filtered.select_one(".result-count").text
    )
    meta = client.get(
        "/api/v2/providers/?procedure=vertebroplasty&state=TX&accepting_new_patients=true"
    ).json()["meta"]
    assert (meta["total_count"], meta["total_count_capped"]) == (25, True)
    # Below the depth the count is exact and nothing is said about narrowing.
    narrow = soup(client.get(TEXAS + "?accepting_new_patients=false"))
    assert "1 doctor matches your filters" in narrow.select_one(".result-count").text
    assert narrow.select_one(".result-depth") is None
