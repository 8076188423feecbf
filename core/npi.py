"""National Provider Identifier (NPI) check digit: the project's only implementation.

An NPI is 10 digits; the last is a Luhn check digit computed over the prefix
"80840" (the card issuer prefix for US health identifiers) followed by the
first 9 digits. Bad check digits are the commonest typo in hand-entered NPIs
and in corrupt import rows, so both the admin form and the importers refuse them;
factories, the demo providers and the synthetic NPPES generator make NPIs with it.
tests/providers/test_npi.py holds it to python-stdnum's Luhn.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NPI_PREFIX = "80840"
_DIGITS = "0123456789"


def _luhn_value(digit, doubled):
    """What one digit adds to a Luhn sum: itself, or twice itself with the two digits
    of the product added (12 -> 1 + 2 = 3)."""
    value = int(digit) * 2 if doubled else int(digit)
    return value - 9 if value > 9 else value


def _luhn_sums(doubled):
    """{"000": …, "999": …}: what each 3-digit group adds to a Luhn sum, its digits
    doubled where `doubled` says so."""
    return {
        group: sum(_luhn_value(d, double) for d, double in zip(group, doubled, strict=True))
        for group in (f"{number:03d}" for number in range(1000))
    }


# With "80840" in front and the check digit behind, the first nine digits are doubled at
# positions 1, 3, 5, 7 and 9: groups 1-3 and 7-9 double their outer digits, group 4-6 its
# middle one. "80840" itself always adds 24, folded into the first group's table.
_FIRST_GROUP = {group: 24 + total for group, total in _luhn_sums((True, False, True)).items()}
_MIDDLE_GROUP = _luhn_sums((False, True, False))
_LAST_GROUP = _luhn_sums((True, False, True))


def npi_check_digit(first_nine: str) -> int:
    """The check digit (0-9) that completes the NPI whose first nine digits are given.

    Three dictionary lookups, because importers call it once per row of an 8-million-row
    file and the synthetic generator once per row it writes. The tables hold only 3-digit
    ASCII groups, so anything that is not exactly 9 ASCII digits ("１２３…", "12345678",
    "1_2345678") misses them and is refused instead of getting a meaningless digit.
    """
    try:
        total = (
            _FIRST_GROUP[first_nine[:3]]
            + _MIDDLE_GROUP[first_nine[3:6]]
            + _LAST_GROUP[first_nine[6:]]
        )
    except (KeyError, TypeError):
        raise ValueError(f"An NPI's first digits are 9 ASCII digits, not {first_nine!r}") from None
    return -total % 10


def is_valid_npi(value) -> bool:
    """10 ASCII digits whose last is the check digit of the first nine."""
    value = str(value)
    if len(value) != 10:
        return False
    try:
        return value[9] == _DIGITS[npi_check_digit(value[:9])]
    except ValueError:
        return False


def validate_npi(value):
    """Django validator: 10 digits with a correct check digit."""
    value = str(value)
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An NPI is exactly 10 digits."), code="npi_format")
    if not is_valid_npi(value):
        raise ValidationError(
            _("This NPI's check digit is wrong: check it for a typo."), code="npi_check_digit"
        )
