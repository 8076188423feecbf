"""US states and territories as the provider directory sees them.

One place for the facts the directory needs about states: their USPS codes,
display names, URL slugs (`/procedures/<slug>/doctors/<state-slug>/`, e.g.
`texas`, `new-york`, `district-of-columbia`, `puerto-rico`), which ones are drawn
as shapes on the map, and which states border which, so a state page with no
doctors can point to its neighbours instead of a dead end.

Codes and names come from django-localflavor, the maintained source that
`localflavor.us.models.USStateField` validates against: the valid codes are
exactly those of `localflavor.us.us_states.STATE_CHOICES` (50 states, DC, five
inhabited territories and three armed-forces mail codes). Adjacency is ours;
localflavor has none.

Everything here is plain data and small pure functions: no models, no database.

Import-time safety: localflavor's labels are lazy translations, and its
`STATE_CHOICES` is a lazy tuple sorted by *translated* name, so reading it
translates. `providers.models` imports this module while Django is still loading
apps, when translating raises `AppRegistryNotReady`; and slugs must not depend on
the language that happens to be active. So this module builds from the plain
tuples `STATE_CHOICES` is made of, and reads each label's untranslated English
source text without translating it.
"""

from localflavor.us.us_states import (
    ARMED_FORCES_STATES,
    CONTIGUOUS_STATES,
    NON_CONTIGUOUS_STATES,
    US_TERRITORIES,
)

from django.utils.text import slugify

__all__ = [
    "ARMED_FORCES",
    "CODE_BY_SLUG",
    "MAP_STATES",
    "NEARBY",
    "NEIGHBOURS",
    "STATE_NAMES",
    "STATE_SLUGS",
    "TERRITORIES",
    "nearby_states",
    "state_code",
    "state_name",
    "state_slug",
]


def _source_text(label) -> str:
    """The English text of a localflavor label, without translating it.

    The labels are `gettext_lazy(message)` / `pgettext_lazy(context, message)`
    proxies; their pickle form carries the call's arguments, the message last.
    """
    if isinstance(label, str):
        return label
    _unpickle, (_func, args, _kwargs, *_resultclasses) = label.__reduce__()
    return str(args[-1])


def _name_key(item: tuple[str, str]) -> str:
    return item[1]


def _by_name(choices) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((code, _source_text(label)) for code, label in choices), key=_name_key))


_STATES = _by_name(CONTIGUOUS_STATES + NON_CONTIGUOUS_STATES)  # 50 states + DC
_TERRITORIES = _by_name(US_TERRITORIES)
_ARMED_FORCES = _by_name(ARMED_FORCES_STATES)

#: USPS code → name for every code localflavor's STATE_CHOICES (and USStateField) allows,
#: sorted by name like STATE_CHOICES.
STATE_NAMES: dict[str, str] = dict(sorted(_STATES + _TERRITORIES + _ARMED_FORCES, key=_name_key))

#: USPS code → URL slug, e.g. "NY" → "new-york".
STATE_SLUGS: dict[str, str] = {code: slugify(name) for code, name in STATE_NAMES.items()}

#: URL slug → USPS code, e.g. "district-of-columbia" → "DC".
CODE_BY_SLUG: dict[str, str] = {slug: code for code, slug in STATE_SLUGS.items()}

#: The 50 states and DC, drawn as shapes on the map; sorted by name.
MAP_STATES: tuple[str, ...] = tuple(code for code, _name in _STATES)

#: Inhabited territories (drawn as callout boxes on the map); sorted by name.
TERRITORIES: tuple[str, ...] = tuple(code for code, _name in _TERRITORIES)

#: Armed-forces mail codes (AA, AE, AP): valid addresses, but no place to suggest neighbours for.
ARMED_FORCES: tuple[str, ...] = tuple(code for code, _name in _ARMED_FORCES)

#: Land-border adjacency for the 50 states and DC. Two states are neighbours when
#: they share a land border; water-only borders (IL–MI and MI–MN across the Great
#: Lakes, NY–RI across Block Island Sound) don't count. The Four Corners diagonals
#: (AZ–CO, NM–UT) do count: they meet at a point, and for a patient they are as
#: near as any neighbour. AK and HI have no land neighbours; see NEARBY.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "AK": (),
    "AL": ("FL", "GA", "MS", "TN"),
    "AR": ("LA", "MO", "MS", "OK", "TN", "TX"),
    "AZ": ("CA", "CO", "NM", "NV", "UT"),
    "CA": ("AZ", "NV", "OR"),
    "CO": ("AZ", "KS", "NE", "NM", "OK", "UT", "WY"),
    "CT": ("MA", "NY", "RI"),
    "DC": ("MD", "VA"),
    "DE": ("MD", "NJ", "PA"),
    "FL": ("AL", "GA"),
    "GA": ("AL", "FL", "NC", "SC", "TN"),
    "HI": (),
    "IA": ("IL", "MN", "MO", "NE", "SD", "WI"),
    "ID": ("MT", "NV", "OR", "UT", "WA", "WY"),
    "IL": ("IA", "IN", "KY", "MO", "WI"),
    "IN": ("IL", "KY", "MI", "OH"),
    "KS": ("CO", "MO", "NE", "OK"),
    "KY": ("IL", "IN", "MO", "OH", "TN", "VA", "WV"),
    "LA": ("AR", "MS", "TX"),
    "MA": ("CT", "NH", "NY", "RI", "VT"),
    "MD": ("DC", "DE", "PA", "VA", "WV"),
    "ME": ("NH",),
    "MI": ("IN", "OH", "WI"),
    "MN": ("IA", "ND", "SD", "WI"),
    "MO": ("AR", "IA", "IL", "KS", "KY", "NE", "OK", "TN"),
    "MS": ("AL", "AR", "LA", "TN"),
    "MT": ("ID", "ND", "SD", "WY"),
    "NC": ("GA", "SC", "TN", "VA"),
    "ND": ("MN", "MT", "SD"),
    "NE": ("CO", "IA", "KS", "MO", "SD", "WY"),
    "NH": ("MA", "ME", "VT"),
    "NJ": ("DE", "NY", "PA"),
    "NM": ("AZ", "CO", "OK", "TX", "UT"),
    "NV": ("AZ", "CA", "ID", "OR", "UT"),
    "NY": ("CT", "MA", "NJ", "PA", "VT"),
    "OH": ("IN", "KY", "MI", "PA", "WV"),
    "OK": ("AR", "CO", "KS", "MO", "NM", "TX"),
    "OR": ("CA", "ID", "NV", "WA"),
    "PA": ("DE", "MD", "NJ", "NY", "OH", "WV"),
    "RI": ("CT", "MA"),
    "SC": ("GA", "NC"),
    "SD": ("IA", "MN", "MT", "ND", "NE", "WY"),
    "TN": ("AL", "AR", "GA", "KY", "MO", "MS", "NC", "VA"),
    "TX": ("AR", "LA", "NM", "OK"),
    "UT": ("AZ", "CO", "ID", "NM", "NV", "WY"),
    "VA": ("DC", "KY", "MD", "NC", "TN", "WV"),
    "VT": ("MA", "NH", "NY"),
    "WA": ("ID", "OR"),
    "WI": ("IA", "IL", "MI", "MN"),
    "WV": ("KY", "MD", "OH", "PA", "VA"),
    "WY": ("CO", "ID", "MT", "NE", "SD", "UT"),
}

#: Where to look instead when a place has no land neighbours: nearest first.
NEARBY: dict[str, tuple[str, ...]] = {
    "AK": ("WA",),
    "HI": ("CA",),
    "PR": ("VI", "FL"),
    "VI": ("PR", "FL"),
    "GU": ("MP", "HI"),
    "MP": ("GU", "HI"),
    "AS": ("HI",),
}


def state_code(value: str | None) -> str | None:
    """The USPS code for a code, name or slug, case-insensitively; None if it isn't one.

    >>> state_code("tx"), state_code("New York"), state_code("new-york"), state_code("Narnia")
    ('TX', 'NY', 'NY', None)
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if value.upper() in STATE_NAMES:
        return value.upper()
    # slugify lowercases and hyphenates, so names and slugs meet in one lookup.
    return CODE_BY_SLUG.get(slugify(value))


def state_name(code: str | None) -> str:
    """The name for a code (or name, or slug): "NY" → "New York"; "" if it isn't a state."""
    found = state_code(code)
    return STATE_NAMES[found] if found else ""


def state_slug(code: str | None) -> str:
    """The URL slug for a code (or name, or slug): "NY" → "new-york"; "" if it isn't a state."""
    found = state_code(code)
    return STATE_SLUGS[found] if found else ""


def nearby_states(code: str | None) -> tuple[str, ...]:
    """Where to send someone when `code` has no doctors: its land neighbours, else NEARBY.

    Armed-forces codes and anything unknown give ().
    """
    found = state_code(code)
    if found is None:
        return ()
    return NEIGHBOURS.get(found) or NEARBY.get(found, ())
