"""NPI check digit: Luhn over 80840 + the first nine digits.

python-stdnum's Luhn is the oracle: an implementation written by others, so the
project's one check digit is not tested against a second copy of itself.
"""

import random

import pytest
from stdnum import luhn

from django.core.exceptions import ValidationError

from core.npi import NPI_PREFIX, is_valid_npi, npi_check_digit, validate_npi

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def oracle_check_digit(first_nine):
    return int(luhn.calc_check_digit(NPI_PREFIX + first_nine))


def oracle_is_valid(npi):
    return len(npi) == 10 and luhn.is_valid(NPI_PREFIX + npi)


def edge_prefixes():
    """Prefixes where a table or an unrolled sum would go wrong first: all zeros, all
    nines, every digit alone in every position, runs and the documented example."""
    yield from (str(d) * 9 for d in range(10))
    for position in range(9):
        for digit in range(1, 10):
            yield "0" * position + str(digit) + "0" * (8 - position)
            yield "9" * position + str(9 - digit) + "9" * (8 - position)
    yield from ("123456789", "987654321", "100000000", "999999998", "090909090", "505050505")


def prefixes():
    rng = random.Random(20261130)  # noqa: S311 - reproducible test data
    return [*edge_prefixes(), *(f"{rng.randrange(10**9):09d}" for _ in range(20_000))]


def corruptions(npi, rng):
    """Typos and garbage around a valid NPI: each digit changed, neighbours swapped,
    wrong lengths, non-ASCII digits, letters and spaces."""
    for position in range(10):
        wrong = str((int(npi[position]) + rng.randrange(1, 10)) % 10)
        yield npi[:position] + wrong + npi[position + 1 :]
    for position in range(9):
        yield npi[:position] + npi[position + 1] + npi[position] + npi[position + 2 :]
    yield from (npi[:9], npi[1:], npi + "0", npi + npi[-1], "0" + npi, "")
    yield from (npi.translate(FULLWIDTH), npi.translate(ARABIC_INDIC))
    yield npi[:9] + npi[9].translate(FULLWIDTH)
    yield from (npi[:4] + "a" + npi[5:], npi[:9] + " ", " " + npi[1:], npi[:5] + "-" + npi[6:])


def test_check_digit_matches_stdnum_luhn_over_80840():
    samples = prefixes()
    for first_nine in samples:
        assert npi_check_digit(first_nine) == oracle_check_digit(first_nine), first_nine
    # Every check digit occurs, so the agreement is not an accident of a few values.
    assert {npi_check_digit(s) for s in samples} == set(range(10))


def test_is_valid_npi_agrees_with_stdnum_for_valid_and_corrupted_npis():
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    checked = valid = 0
    for first_nine in prefixes()[:3000]:
        npi = first_nine + str(oracle_check_digit(first_nine))
        for candidate in (npi, *corruptions(npi, rng)):
            expected = oracle_is_valid(candidate)
            assert is_valid_npi(candidate) is expected, candidate
            checked, valid = checked + 1, valid + expected
    # Both answers were exercised, many times.
    assert 2500 < valid < checked - 50_000


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126", "1497758544"])
def test_valid_npis(npi):
    assert is_valid_npi(npi)
    assert is_valid_npi(int(npi))  # a number read from a spreadsheet is the same NPI
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
    "npi",
    [
        "123456789",
        "12345678930",
        "12345a7893",
        "",
        "１２３４５６７８９３",
        "١٢٣٤٥٦٧٨٩٣",
        "123456789３",
    ],
)
def test_wrong_shape_is_invalid(npi):
    assert not is_valid_npi(npi)
    with pytest.raises(ValidationError) as excinfo:
        validate_npi(npi)
    assert excinfo.value.code == "npi_format"


def test_check_digit_of_the_documented_example():
    assert npi_check_digit("123456789") == 3


@pytest.mark.parametrize(
    "first_nine",
    ["12345678", "1234567890", "１２３４５６７８９", "12345678a", "", " 23456789", "1_2345678"],
)
def test_check_digit_refuses_anything_but_nine_ascii_digits(first_nine):
    """A bogus digit for a bad prefix would make an invalid NPI look valid."""
    with pytest.raises(ValueError, match="9 ASCII digits"):
        npi_check_digit(first_nine)
