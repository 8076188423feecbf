"""Reference blocks refuse what a reader could not follow; review dates add up. No database."""

import datetime

import pytest

from django.test import override_settings

from wagtail.blocks.struct_block import StructBlockValidationError

from editorial.blocks import ReferenceBlock
from editorial.dates import add_months, default_next_review


def clean(**value):
    block = ReferenceBlock()
    return block.clean(block.to_python({"title": "A trial", **value}))


def test_a_reference_needs_somewhere_to_find_it():
    with pytest.raises(StructBlockValidationError) as error:
        clean()
    assert "publisher" in error.value.block_errors
    assert clean(publisher="Lancet")["publisher"] == "Lancet"


@pytest.mark.parametrize("doi", ["10.1056", "doi:10.1/x", "NEJMoa0900429"])
def test_a_malformed_doi_is_refused(doi):
    with pytest.raises(StructBlockValidationError) as error:
        clean(doi=doi)
    assert "doi" in error.value.block_errors


def test_a_doi_url_is_stored_as_the_doi_and_links_to_doi_org():
    value = clean(doi="https://doi.org/10.1056/NEJMoa0900429")
    assert value["doi"] == "10.1056/NEJMoa0900429"
    assert value.link == "https://doi.org/10.1056/NEJMoa0900429"


@pytest.mark.parametrize("pmid", ["PMID123", "0123", "1234567890"])
def test_a_malformed_pmid_is_refused(pmid):
    with pytest.raises(StructBlockValidationError) as error:
        clean(pmid=pmid)
    assert "pmid" in error.value.block_errors


def test_pubmed_is_the_link_when_there_is_no_url_or_doi():
    assert clean(pmid="19657121").link == "https://pubmed.ncbi.nlm.nih.gov/19657121/"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 2), 12, datetime.date(2027, 3, 2)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_the_review_period_is_a_setting():
    with override_settings(EDITORIAL_REVIEW_PERIOD_MONTHS=6):
        assert default_next_review(datetime.date(2026, 3, 2)) == datetime.date(2026, 9, 2)
    assert default_next_review(None) is None
