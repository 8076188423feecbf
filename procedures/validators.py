"""Validation of billing codes entered on procedure pages."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# CPT (5 digits; Category II/III: 4 digits + F/T) or HCPCS Level II (a letter + 4 digits).
PROCEDURE_CODE = re.compile(r"^(?:[0-9]{4}[0-9FT]|[A-Z][0-9]{4})$")


def split_codes(value):
    return [code.strip().upper() for code in (value or "").split(",") if code.strip()]


def validate_procedure_codes(value):
    bad = [code for code in split_codes(value) if not PROCEDURE_CODE.match(code)]
    if bad:
        raise ValidationError(
            _("Not a CPT or HCPCS code: %(codes)s. Use 5 characters, e.g. 22510 or G0121."),
            params={"codes": ", ".join(bad)},
            code="procedure_code",
        )


def normalize_procedure_codes(value):
    """Upper-case, de-duplicated, comma-and-space separated."""
    return ", ".join(dict.fromkeys(split_codes(value)))
