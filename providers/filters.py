"""Directory filters, shared by the state pages (GET form) and the API (query string).

One form validates every parameter, so a bad value is a field error on the page
and a 400 naming the parameter in the API, with the same message.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q

from .geography import STATE_NAMES
from .listing import OrderedUnion
from .models import Language, Provider, Specialty, procedure_model

TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}

ORDERINGS = {
    "": "the transparent default (verified, volume, board certification, years, name)",
    "default": "the transparent default",
    "name": "last name, first name",
    "-years_in_practice": "most years in practice first",
}


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
            "Use true or false (got %(value)s).", params={"value": value}, code="boolean"
        )


class ProviderFilterForm(forms.Form):
    """Filters for a list of providers. Every field is optional."""

    procedure = forms.CharField(required=False, help_text="Procedure page id or slug.")
    state = forms.CharField(required=False, help_text="USPS code, e.g. TX.")
    specialty = forms.CharField(required=False, help_text="NUCC taxonomy code.")
    accepting_new_patients = StrictBooleanField(required=False)
    telehealth = StrictBooleanField(required=False)
    language = forms.CharField(required=False, help_text="ISO 639-1 code, e.g. es.")
    search = forms.CharField(required=False, max_length=100)
    order = forms.CharField(required=False)

    def clean_procedure(self):
        value = self.cleaned_data["procedure"].strip()
        if not value:
            return None
        pages = procedure_model().objects.live().public()
        # ASCII digits only ("²" and "⑦" are digits to str.isdigit(), not to int()), and
        # no more than a database id can hold.
        is_id = value.isascii() and value.isdigit() and len(value) <= 18
        page = pages.filter(pk=int(value)).first() if is_id else None
        page = page or pages.filter(slug=value).first()
        if page is None:
            raise forms.ValidationError(
                "No published procedure has the id or slug %(value)s.", params={"value": value}
            )
        return page

    def clean_state(self):
        value = self.cleaned_data["state"].strip()
        if not value:
            return None
        code = value.upper()
        if code not in STATE_NAMES:
            raise forms.ValidationError(
                "Unknown state %(value)s: use a USPS code such as TX or DC.",
                params={"value": value},
            )
        return code

    def clean_specialty(self):
        value = self.cleaned_data["specialty"].strip().upper()
        if not value:
            return None
        specialty = Specialty.objects.filter(code=value).first()
        if specialty is None:
            raise forms.ValidationError(
                "Unknown specialty %(value)s: use a NUCC taxonomy code such as 2085R0204X.",
                params={"value": value},
            )
        return specialty

    def clean_language(self):
        value = self.cleaned_data["language"].strip().lower()
        if not value:
            return None
        language = Language.objects.filter(code=value).first()
        if language is None:
            raise forms.ValidationError(
                "Unknown language %(value)s: use an ISO 639-1 code such as es.",
                params={"value": value},
            )
        return language

    def clean_order(self):
        value = self.cleaned_data["order"].strip()
        if value not in ORDERINGS:
            raise forms.ValidationError(
                "Unknown order %(value)s: use default, name or -years_in_practice.",
                params={"value": value},
            )
        return value or "default"

    def error_message(self):
        """One line naming each bad parameter, for the API's 400."""
        return "; ".join(
            f"{name}: {' '.join(str(e).rstrip('.') for e in errors)}"
            for name, errors in self.errors.items()
        )


# The two halves of the specialty filter (see `provider_filter_q`).
SPECIALTY_PARTS = ("primary", "others")


def provider_filter_q(data, on_links=False, specialty_part=None):
    """A Q over providers, or over their procedure links with ``on_links=True``.

    Many-to-many filters use EXISTS rather than joins, so no row is repeated and
    the ranked order of a state page is kept without DISTINCT.

    A specialty matches a provider's primary specialty or one of the others. As one
    OR, PostgreSQL can only test it row by row: fine for walking a list in order, a
    scan of the table for counting. `specialty_part` gives either half alone, which
    never overlap — "primary" (the primary specialty's index) or "others" (the other
    specialties' table, primary not that one) — so a count is the sum of two index
    scans (`providers.api`).

    On links the primary specialty is the link's own copy (`ProviderProcedure.
    primary_specialty`, copied from the published provider like its state): the
    "primary" half of a procedure's list is then one range of the
    `provider_link_specialty_rank` index, and the two halves together list it a page at
    a time without testing every link (`specialty_links`, below).
    """
    prefix = "provider__" if on_links else ""
    provider_ref = OuterRef("provider_id" if on_links else "pk")
    q = Q()
    if data.get("specialty"):
        others = Provider.specialties.through.objects.filter(
            provider_id=provider_ref, specialty=data["specialty"]
        )
        primary = Q(primary_specialty=data["specialty"])
        if specialty_part == "primary":
            q &= primary
        elif specialty_part == "others":
            q &= Exists(others) & ~primary
            if on_links:
                # Only providers with other specialties at all (their links' copy):
                # the `provider_link_others_rank` index holds just their links.
                q &= Q(has_other_specialties=True)
        else:
            q &= primary | Exists(others)
    for flag in ("accepting_new_patients", "telehealth"):
        if data.get(flag) is not None:
            # "IS NOT NULL" too, which the flag's value implies: PostgreSQL reads
            # `flag = false` as `NOT flag` and estimates that as 1 - P(true), as if the
            # million unknowns (NULL) matched, so it walked a whole list for a few
            # hundred rows. With it, the estimate is the few hundred editors entered
            # and the partial index `(flag, …) WHERE flag IS NOT NULL` applies.
            q &= Q(**{f"{prefix}{flag}": data[flag], f"{prefix}{flag}__isnull": False})
    if data.get("language"):
        q &= Exists(
            Provider.languages.through.objects.filter(
                provider_id=provider_ref, language=data["language"]
            )
        )
    return q


def specialty_links(narrowed, rows):
    """A procedure's ranked links narrowed to a specialty, as the union of the filter's
    two halves (`provider_filter_q`, `SPECIALTY_PARTS`, above).

    `narrowed(part)` gives the links of one half, narrowed by every other filter and in
    the list's order; `rows` the links a page is loaded from (the procedure's, with what
    a listing shows: `directory.ranked_links`).

    - "primary": the link's own copy of the provider's primary specialty. With the
      default order it is one range of `provider_link_specialty_rank` (procedure,
      primary specialty, ranking), read up to the page's end; by name or years a
      specialty's share of a procedure (a few thousand links) is read and sorted.
    - "others": an EXISTS on the other-specialties table, the primary not S, and only
      among the links whose provider has other specialties at all (the link's
      `has_other_specialties`, a few percent of links): their partial index
      `provider_link_others_rank` (procedure, ranking) is hash-joined with the
      specialty's rows of the other-specialties table. Without the flag this half
      probed every link of the procedure (~210k for Vertebroplasty at a million
      providers, ~50 ms for its count alone; measured 2026-12-01), the largest cost
      left once the primary half was an index range.

    Before this, the list was the plain OR: PostgreSQL walked the procedure's ranked
    links testing each one (`offset=10000` of a common specialty read ~210k links, 2.4
    s). Considered: the specialty in the ranking index only (no union) would serve the
    primary half alone; a copy of every specialty on the links (an array column with
    a GIN index) cannot return rows in ranked order.
    """
    return OrderedUnion([narrowed(part) for part in SPECIALTY_PARTS], rows)
