"""NPI check digit: Luhn over 80840 + the first nine digits."""

import random

import pytest

from django.core.exceptions import ValidationError

from providers.npi import NPI_PREFIX, is_valid_npi, luhn_check_digit, npi_check_digit, validate_npi


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126", "1497758544"])
def test_valid_npis(npi):
    assert is_valid_npi(npi)
    validate_npi(npi)


@pytest.mark.parametrize(
    "npi", ["1234567890", "1234567894", "1245319598", "2234567893", "1234567839"]
)
def test_wrong_check_digit_is_invalid(npi):
    assert not is_valid_npi(npi)
    with pytest.raises(ValidationError) as excinfo:
        validate_npi(npi)
    assert excinfo.value.code == "npi_check_digit"


@pytest.mark.parametrize(
    "npi", ["123456789", "12345678930", "12345a7893", "", "１２３４５６７８９３"]
)
def test_wrong_shape_is_invalid(npi):
    assert not is_valid_npi(npi)
    with pytest.raises(ValidationError) as excinfo:
        validate_npi(npi)
    assert excinfo.value.code == "npi_format"


def test_check_digit_of_the_documented_example():
    assert npi_check_digit("123456789") == 3


def test_fast_check_digit_agrees_with_the_plain_luhn_algorithm():
    """The importer's unrolled check digit is the textbook Luhn over 80840 + nine digits."""
    rng = random.Random(1)  # noqa: S311 - reproducible test data
    samples = ["000000000", "999999999", "123456789", "555555555"]
    samples += [f"{rng.randrange(10**9):09d}" for _ in range(5000)]
    for first_nine in samples:
        assert npi_check_digit(first_nine) == luhn_check_digit(NPI_PREFIX + first_nine)
    # Every check digit occurs, so the agreement is not an accident of a few values.
    assert {npi_check_digit(s) for s in samples} == set(range(10))
