"""Checks of billing codes, shared by the editor's inline and the importers."""

import re

from django.core.exceptions import ValidationError

# CPT (5 digits; Category II/III: 4 digits + F/T) or HCPCS Level II (a letter + 4 digits).
HCPCS_CODE = re.compile(r"^(?:[0-9]{4}[0-9FT]|[A-Z][0-9]{4})$")


def is_hcpcs_code(value):
    return bool(HCPCS_CODE.match(value))


def clean_billing_code(value):
    """The code upper-cased and stripped, or ValidationError saying what a code looks like."""
    code = (value or "").strip().upper()
    if not is_hcpcs_code(code):
        raise ValidationError(
            {
                "code": f"{code or 'An empty code'} is not a CPT or HCPCS code: use 5 characters, "
                "e.g. 22510 or G0121."
            }
        )
    return code
