"""The state page and the API list the same providers, in the same order, with the same total.

Both ask one `DirectoryQuery`; this holds them to each other and to a reference computed
here, independently of it (the filters tested in Python on every listed link, the order
by the documented columns), over a matrix of filters and orders, page by page, on a
directory of a few thousand demo providers built once for the module.
"""

import io
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command
from django.db import transaction

from providers import views
from providers.demo import load_providers
from providers.directory_query import LINK_ORDERS
from providers.models import ProcedureStateCount, Provider, ProviderProcedure, procedure_model

from .test_api import LIST, get

PAGE_SIZE = 7  # small, so that most lists span several pages
PROFILE_NPI = re.compile(r"/doctors/(\d{10})-")


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    """The demo site with 3,000 more demo providers, and what the matrix asks of it:
    the procedure and state with the most doctors, and filter values that select some."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        load_providers(count=3000)
        procedure = procedure_model().objects.get(slug="vertebroplasty")
        state = (
            ProcedureStateCount.objects.filter(procedure=procedure)
            .order_by("-providers", "state")
            .values_list("state", flat=True)
            .first()
        )
        listed = list(
            ProviderProcedure.objects.filter(procedure=procedure, state=state, provider_live=True)
            .select_related("provider")
            .prefetch_related("provider__specialties", "provider__languages")
        )
        yield {"procedure": procedure, "state": state, **filter_values(listed)}
        transaction.set_rollback(True)


def filter_values(links):
    """A specialty that is the primary one of many listed doctors, one that many hold
    among their other specialties (and some as primary: both halves of the filter),
    a common surname and a common first name of the listed doctors."""
    providers = [link.provider for link in links]
    primary = Counter(p.primary_specialty.code for p in providers if p.primary_specialty)
    others = Counter(
        s.code for p in providers for s in p.specialties.all() if s.pk != p.primary_specialty_id
    )
    other = next(code for code, _ in others.most_common() if primary[code])
    return {
        "listed": links,
        "primary_specialty": primary.most_common(1)[0][0],
        "other_specialty": other,
        "surname": Counter(p.last_name for p in providers).most_common(1)[0][0],
        "first_name": Counter(p.first_name for p in providers).most_common(1)[0][0],
    }


FILTERS = {
    "none": lambda d: {},
    "specialty, primary": lambda d: {"specialty": d["primary_specialty"]},
    "specialty, among others": lambda d: {"specialty": d["other_specialty"]},
    "language": lambda d: {"language": "es"},
    "accepting new patients": lambda d: {"accepting_new_patients": "true"},
    "not accepting new patients": lambda d: {"accepting_new_patients": "false"},
    "telehealth": lambda d: {"telehealth": "true"},
    "search, a surname": lambda d: {"search": d["surname"]},
    "search, a first name": lambda d: {"search": d["first_name"].lower()},
    "search, two words": lambda d: {"search": f"{d['first_name']} {d['surname'][:4]}"},
    "specialty and search": lambda d: {"specialty": d["other_specialty"], "search": "a"},
}


def words(provider):
    text = " ".join([provider.first_name, provider.middle_name, provider.last_name, provider.city])
    return re.findall(r"[a-z0-9]+", text.lower())


def matches(link, filters):
    """Whether a listed link matches `filters`, tested here in Python."""
    provider = link.provider
    if "specialty" in filters:
        codes = {s.code for s in provider.specialties.all()}
        if provider.primary_specialty:
            codes.add(provider.primary_specialty.code)
        if filters["specialty"] not in codes:
            return False
    if "language" in filters and filters["language"] not in {
        language.code for language in provider.languages.all()
    }:
        return False
    for flag in ("accepting_new_patients", "telehealth"):
        if flag in filters and getattr(provider, flag) is not (filters[flag] == "true"):
            return False
    if "search" in filters:
        found = words(provider)
        wanted = re.findall(r"[a-z0-9]+", filters["search"].lower())
        if not all(any(word.startswith(w) for word in found) for w in wanted):
            return False
    return True


def reference(directory, filters, order):
    """The NPIs the list should hold, in order: the documented order of the links that
    match, read from the database by those links' ids."""
    ids = [link.pk for link in directory["listed"] if matches(link, filters)]
    ordered = ProviderProcedure.objects.filter(pk__in=ids).order_by(*LINK_ORDERS[order])
    return list(ordered.values_list("provider__npi", flat=True))


def state_page(client, directory, query, number):
    """(NPIs listed in order, the total it states) of one page of the state page."""
    path = f"/procedures/vertebroplasty/doctors/{state_slug(directory['state'])}/"
    response = client.get(path, {**query, "page": number})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert not html.select(".field-error"), html.select(".field-error")
    listed = [PROFILE_NPI.search(a["href"]).group(1) for a in html.select(".provider-card__name a")]
    stated = int(html.select_one(".result-count").get_text().split()[0])
    return listed, stated


def state_slug(code):
    from providers.geography import state_slug as slug

    return slug(code)


def api_page(client, directory, query, number):
    """(NPIs in order, total_count) of the same page from the API."""
    params = {
        "procedure": "vertebroplasty",
        "state": directory["state"],
        **query,
        "limit": PAGE_SIZE,
        "offset": (number - 1) * PAGE_SIZE,
    }
    data = get(client, f"{LIST}?" + "&".join(f"{k}={v}" for k, v in params.items()))
    assert data["meta"]["total_count_capped"] is False
    return [item["npi"] for item in data["items"]], data["meta"]["total_count"]


@pytest.mark.parametrize("order", list(LINK_ORDERS))
@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.django_db
def test_state_page_and_api_list_the_same_providers_in_order_with_the_same_total(
    client, directory, monkeypatch, name, order
):
    monkeypatch.setattr(views, "PER_PAGE", PAGE_SIZE)
    query = {**FILTERS[name](directory), "order": order}
    expected = reference(directory, FILTERS[name](directory), order)
    assert expected, "every filter of the matrix selects some doctors"
    pages = -(-len(expected) // PAGE_SIZE)
    on_page, in_api = [], []
    for number in range(1, pages + 1):
        listed, stated = state_page(client, directory, query, number)
        items, total = api_page(client, directory, query, number)
        assert listed == items, (name, order, number)
        assert stated == total == len(expected), (name, order, number)
        on_page += listed
        in_api += items
    assert on_page == in_api == expected
    # One past the end: the API's page is empty (the state page shows its last page).
    assert api_page(client, directory, query, pages + 1)[0] == []


@pytest.mark.django_db
def test_the_matrix_exercises_what_it_claims(directory):
    """Lists long enough to span pages; both halves of the "among others" specialty;
    a filter that PostgreSQL and the state page both treat as unknown-excluding."""
    listed = directory["listed"]
    assert len(listed) > 5 * PAGE_SIZE
    other = directory["other_specialty"]
    providers = [link.provider for link in listed]
    as_primary = [p for p in providers if p.primary_specialty and p.primary_specialty.code == other]
    as_other = [
        p
        for p in providers
        if other in {s.code for s in p.specialties.all()} and p not in as_primary
    ]
    assert as_primary and as_other
    assert Provider.objects.filter(live=True).count() >= 3000
    assert any(p.accepting_new_patients is None for p in providers)
