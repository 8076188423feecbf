"""Form data for the provider editor, as the admin posts it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data


def provider_form(verified=(), **overrides):
    """The provider editor's POST data; `verified` are *Procedures performed* rows."""
    data = {
        "npi": "1234567893",
        "name_prefix": "",
        "first_name": "Jane",
        "middle_name": "",
        "last_name": "Sample",
        "name_suffix": "",
        "credential": "MD",
        "sex": "",
        "address_line_1": "1 Main St",
        "address_line_2": "",
        "city": "Austin",
        "state": "TX",
        "zip_code": "78701",
        "phone": "5125550100",
        "website": "",
        "bio": "",
        "board_certification": "",
        "accepting_new_patients": "",
        "telehealth": "",
        "board_certified": "",
        "years_in_practice": "",
        "verified_procedures": inline_formset(list(verified)),
    }
    data.update(overrides)
    return nested_form_data(data)
