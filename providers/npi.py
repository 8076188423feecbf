"""National Provider Identifier (NPI) check digit.

An NPI is 10 digits; the last is a Luhn check digit computed over the prefix
"80840" (the card issuer prefix for US health identifiers) followed by the
first 9 digits. Bad check digits are the commonest typo in hand-entered NPIs
and in corrupt import rows, so both the admin form and the importers refuse them.
"""

from django.core.exceptions import ValidationError

NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit to append to `digits`."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # every second digit from the right, starting next to the check
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


# Doubled digit, reduced to one digit (Luhn): 0→0, 1→2, … 5→1 (10), … 9→9 (18), as a
# str.translate table, so doubling a run of digits is one C call.
_DOUBLE = str.maketrans("0123456789", "0246813579")
# The prefix 80840 always adds 24 to the Luhn sum of "80840" + 9 digits; each digit
# character also brings its code point (48 for "0") into the byte sums below.
_PREFIX_SUM = 24 - 48 * 9


def npi_check_digit(first_nine: str) -> int:
    """Same as ``luhn_check_digit(NPI_PREFIX + first_nine)`` for 9 ASCII digits, in a few
    C calls: importers call it once per row of an 8-million-row file.

    Positions 0, 2, 4, 6 and 8 are doubled (they sit an odd distance from the check
    digit once the prefix is in front); 1, 3, 5 and 7 count as they are.
    """
    total = (
        _PREFIX_SUM
        + sum(first_nine[0::2].translate(_DOUBLE).encode())
        + sum(first_nine[1::2].encode())
    )
    return -total % 10


def is_valid_npi(value) -> bool:
    value = str(value)
    return (
        len(value) == 10
        and value.isascii()
        and value.isdigit()
        and ord(value[9]) - 48 == npi_check_digit(value[:9])
    )


def validate_npi(value):
    """Django validator: 10 digits with a correct check digit."""
    value = str(value)
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValidationError("An NPI is exactly 10 digits.", code="npi_format")
    if not is_valid_npi(value):
        raise ValidationError(
            "This NPI's check digit is wrong: check it for a typo.", code="npi_check_digit"
        )
