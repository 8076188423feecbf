"""The directory's filters, declared once.

`FILTERS` lists every filter of the directory's listing (`providers.directory_query`):
its name, the form field that validates it, its OpenAPI schema, and whether it narrows
the list. Everything else is derived from it, so a filter added here is a parameter
everywhere at once:

- the API's accepted parameters (`FILTER_NAMES`, `providers.api`) and its 400
  messages (`ProviderFilterForm.error_message`: the field's own error, named);
- the state pages' form (`StatePageFilterForm`: the filters with `on_state_page`),
  its labels (translatable) and its errors, the same messages as the API's;
- the OpenAPI document's parameters (`openapi_parameters`: schema, and the field's
  `help_text` as description).

A field cleans a query-string value into what the listing filters by: a procedure
page, a USPS code, a `Specialty`, a `Language`, True/False, the search text, an order.
"""

from dataclasses import dataclass

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .geography import STATE_NAMES
from .models import Language, Specialty, procedure_model

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}

RANKING_EXPLANATION = _(
    "Doctors are listed with those our editors have confirmed perform this procedure first, "
    "then by how many they perform a year in Medicare billing data, then board certification, "
    "years in practice and name. No one pays to be listed, and we publish no ratings."
)

# Each `order` and how it is explained: the state page shows the sentence of the order
# it lists in, the API sends it as `meta.ranking` of a procedure's list (both in the
# reader's language: lazy translations, read when shown).
ORDER_EXPLANATIONS = {
    "default": RANKING_EXPLANATION,
    "name": _("Doctors are listed by last name, then first name."),
    "-years_in_practice": _(
        "Doctors are listed with the most years in practice first, then by name."
    ),
}
# The same orders as a visitor picks them on a state page.
ORDER_LABELS = {
    "default": _("Our ranking"),
    "name": _("Last name"),
    "-years_in_practice": _("Most years in practice"),
}
DEFAULT_ORDER = "default"

ANY_TEXT = {"type": "string"}
BOOLEAN_TEXT = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]}


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, not silently False."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise forms.ValidationError(
            _("Use true or false (got %(value)s)."), params={"value": value}, code="boolean"
        )


class LookupField(forms.CharField):
    """A code or name, looked up: None when empty, else what `lookup` finds, else the
    field's `unknown` message."""

    unknown = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        found = self.lookup(text)
        if found is None:
            raise forms.ValidationError(self.unknown, params={"value": self.shown(text)})
        return found

    def shown(self, text):
        """The value as the error message repeats it."""
        return text

    def lookup(self, text):
        raise NotImplementedError


class ProcedureField(LookupField):
    unknown = _("No published procedure has the id or slug %(value)s.")

    def lookup(self, text):
        pages = procedure_model().objects.live().public()
        # ASCII digits only ("²" and "⑦" are digits to str.isdigit(), not to int()), and
        # no more than a database id can hold.
        is_id = text.isascii() and text.isdigit() and len(text) <= 18
        page = pages.filter(pk=int(text)).first() if is_id else None
        return page or pages.filter(slug=text).first()


class StateField(LookupField):
    unknown = _("Unknown state %(value)s: use a USPS code such as TX or DC.")

    def lookup(self, text):
        code = text.upper()
        return code if code in STATE_NAMES else None


class SpecialtyField(LookupField):
    unknown = _("Unknown specialty %(value)s: use a NUCC taxonomy code such as 2085R0204X.")

    def shown(self, text):
        return text.upper()

    def lookup(self, text):
        return Specialty.objects.filter(code=text.upper()).first()


class LanguageField(LookupField):
    unknown = _("Unknown language %(value)s: use an ISO 639-1 code such as es.")

    def shown(self, text):
        return text.lower()

    def lookup(self, text):
        return Language.objects.filter(code=text.lower()).first()


class OrderField(forms.CharField):
    """One of `ORDER_EXPLANATIONS`; empty is the default."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    @property
    def choices(self):
        """(value, label) of every order, for the state page's select."""
        return list(ORDER_LABELS.items())

    def clean(self, value):
        text = super().clean(value).strip()
        if text and text not in ORDER_EXPLANATIONS:
            names = list(ORDER_EXPLANATIONS)
            raise forms.ValidationError(
                _("Unknown order %(value)s: use %(names)s or %(last)s."),
                params={"value": text, "names": ", ".join(names[:-1]), "last": names[-1]},
            )
        return text or DEFAULT_ORDER


@dataclass(frozen=True)
class DirectoryFilter:
    """One filter of the directory's listing.

    `field` validates the query-string value and cleans it (its error is the page's
    field error and the API's 400 message); its `label` is what a visitor reads on a
    state page, its `help_text` the API document's description. `schema` is the
    parameter's OpenAPI schema. `narrows`: False for the filters that choose the list
    (procedure, state) or only reorder it (order), whose total the per-state summary
    already knows. `on_state_page`: offered by the state page's form (a state page's
    procedure and state come from its URL).
    """

    name: str
    field: forms.Field
    schema: dict
    narrows: bool = True
    on_state_page: bool = True


def _order_help():
    return " ".join(f"`{key}`: {text}" for key, text in ORDER_EXPLANATIONS.items())


# Read when the API document is drawn: the explanations are translations, which cannot
# be read while the apps load.
_lazy_order_help = lazy(_order_help, str)


FILTERS = (
    DirectoryFilter(
        "procedure",
        ProcedureField(label=_("Procedure"), help_text="Procedure page id or slug."),
        ANY_TEXT,
        narrows=False,
        on_state_page=False,
    ),
    DirectoryFilter(
        "state",
        StateField(label=_("State"), help_text="USPS code, e.g. TX."),
        {"type": "string", "enum": sorted(STATE_NAMES)},
        narrows=False,
        on_state_page=False,
    ),
    DirectoryFilter(
        "specialty",
        SpecialtyField(label=_("Specialty"), help_text="NUCC taxonomy code."),
        ANY_TEXT,
    ),
    DirectoryFilter(
        "accepting_new_patients",
        StrictBooleanField(
            required=False,
            label=_("Accepting new patients"),
            help_text="true or false (also 1/0, yes/no, on/off).",
        ),
        BOOLEAN_TEXT,
    ),
    DirectoryFilter(
        "telehealth",
        StrictBooleanField(
            required=False,
            label=_("Offers telehealth"),
            help_text="true or false (also 1/0, yes/no, on/off).",
        ),
        BOOLEAN_TEXT,
    ),
    DirectoryFilter(
        "language",
        LanguageField(label=_("Language"), help_text="ISO 639-1 code, e.g. es."),
        ANY_TEXT,
    ),
    DirectoryFilter(
        "search",
        forms.CharField(
            required=False, max_length=100, label=_("Name, city or NPI"), help_text="Name search."
        ),
        {"type": "string", "maxLength": 100},
    ),
    DirectoryFilter(
        "order",
        OrderField(label=_("Sort by"), help_text=_lazy_order_help()),
        {"type": "string", "enum": list(ORDER_EXPLANATIONS)},
        narrows=False,
    ),
)
FILTER_NAMES = tuple(spec.name for spec in FILTERS)
NARROWING_FILTERS = tuple(spec.name for spec in FILTERS if spec.narrows)
STATE_PAGE_FILTERS = tuple(spec.name for spec in FILTERS if spec.on_state_page)


class FilterForm(forms.Form):
    """Validates directory filters from a query string. Every field is optional."""

    def error_message(self):
        """One line naming each bad parameter, for the API's 400."""
        return "; ".join(
            f"{name}: {' '.join(str(e).rstrip('.') for e in errors)}"
            for name, errors in self.errors.items()
        )


def filter_form_class(name, names):
    """A form of the declared filters in `names`, in the declaration's order."""
    fields = {spec.name: spec.field for spec in FILTERS if spec.name in names}
    return type(name, (FilterForm,), fields)


# The API's filters (all of them), and a state page's.
ProviderFilterForm = filter_form_class("ProviderFilterForm", FILTER_NAMES)
StatePageFilterForm = filter_form_class("StatePageFilterForm", STATE_PAGE_FILTERS)


def openapi_parameters():
    """{name: (schema, description)} of every filter, for the API document."""
    return {spec.name: (spec.schema, str(spec.field.help_text)) for spec in FILTERS}
