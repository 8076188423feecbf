"""A procedure page's part of the directory: the map, the state list and featured doctors.

The numbers are the directory's own (`DirectoryQuery.state_counts`, the per-state
summary), so the map, the state pages and `/api/v2/providers/states/` always agree.
"""

import copy
import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.templatetags.static import static
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, ngettext

from wagtail.models import Page

from core.i18n import default_language, page_language

from . import labels, map_html
from .directory_query import LISTED_LINK_FIELDS, DirectoryQuery, links_key
from .geography import MAP_STATES, TERRITORIES, nearby_states
from .map_sprite import STATIC_NAME as MAP_SPRITE
from .map_sprite import sprite_id
from .models import ProcedureFeaturedProvider, ProviderProcedure, procedure_model
from .paths import doctors_path, doctors_url, doctors_word

# States a directory page exists for: the 50 states, DC and the inhabited territories.
DIRECTORY_STATES = frozenset(MAP_STATES) | frozenset(TERRITORIES)

MAP_FILE = Path(__file__).parent / "data" / "us_map.json"


@cache
def map_shapes():
    with MAP_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def count_bucket(count, maximum):
    """0 for none, then 1–4 by quarter of the busiest state (the map's colour classes)."""
    if not count or not maximum:
        return 0
    return min(4, 1 + (4 * (count - 1)) // maximum)


def svg_number(value):
    """A coordinate as SVG wants it: "12.5", never localised ("12,5" in some languages).

    Formatting here also spares the template localising every coordinate of the
    map, a large share of its rendering time.
    """
    return format(value, "g")


def map_context(procedure, counts):
    """Everything the inline SVG map and its table need, one entry per state."""
    shapes = map_shapes()
    maximum = max(counts.values(), default=0)
    page_url = procedure.url
    language = page_language(procedure)
    names = labels.state_names(labels.active_language())

    def entry(code, **extra):
        count = counts.get(code, 0)
        name = names[code]
        shown = labels.number(count)
        return {
            "code": code,
            "name": name,
            "count": count,
            # The count as the reader's language writes it ("1,234", "1 234").
            "count_text": shown,
            "bucket": count_bucket(count, maximum),
            "url": f"{page_url}{doctors_path(language, code)}" if page_url else "",
            # Each shape's accessible name and tooltip, built once here rather than
            # with filters in the template's loops (the map renders 56 of them).
            "summary": ngettext(
                "%(state)s: %(count)s doctor", "%(state)s: %(count)s doctors", count
            )
            % {"state": name, "count": shown},
            **extra,
        }

    box = shapes["callout_box"]

    def callout(code):
        """Small states get a labelled box beside the map, easier to see and click."""
        point = shapes["states"][code].get("callout")
        if not point:
            return None
        return {
            "x": svg_number(point[0] - box["width"] / 2),
            "y": svg_number(point[1] - box["height"] / 2),
            "label_x": svg_number(point[0]),
            "label_y": svg_number(point[1]),
        }

    states = [
        entry(
            code,
            shape=sprite_id(code),
            label=[svg_number(n) for n in shapes["states"][code]["label"]],
            callout=callout(code),
        )
        for code in MAP_STATES
    ]
    insets = []
    for code in TERRITORIES:
        inset = shapes["insets"][code]
        insets.append(
            entry(
                code,
                x=svg_number(inset["x"]),
                y=svg_number(inset["y"]),
                size=svg_number(inset["size"]),
                label=[svg_number(n) for n in inset["label"]],
            )
        )
    us_map = {
        "view_box": shapes["viewBox"],
        "sprite_url": static(MAP_SPRITE),
        "callout_box": {name: svg_number(n) for name, n in box.items()},
        "states": states,
        "insets": insets,
        "legend": legend(maximum),
        "total": sum(counts.values()),
        "total_text": labels.number(sum(counts.values())),
        "source": shapes["source"],
    }
    # The markup repeated per state, built in Python (see providers.map_html).
    us_map["shapes_html"] = map_html.shapes(us_map)
    us_map["table_html"] = map_html.table_rows(us_map)
    us_map["options_html"] = map_html.picker_options(us_map)
    return us_map


def legend(maximum):
    """Count ranges for each colour class, matching `count_bucket` (arithmetic, not a scan)."""
    if not maximum:
        return [{"bucket": 0, "label": gettext("No doctors listed")}]

    def lowest(bucket):  # smallest count n with count_bucket(n, maximum) >= bucket
        return -(-(bucket - 1) * maximum // 4) + 1

    items = [{"bucket": 0, "label": gettext("None")}]
    for bucket in range(1, 5):
        low = lowest(bucket)
        high = maximum if bucket == 4 else lowest(bucket + 1) - 1
        if low > high or low > maximum:
            continue
        low_text, high_text = labels.number(low), labels.number(high)
        label = low_text if low == high else f"{low_text}\u2013{high_text}"
        items.append({"bucket": bucket, "label": label})
    return items


def neighbours_with_doctors(code, counts, procedure):
    return [
        {
            "code": near,
            "name": labels.state_name(near),
            "url": doctors_url(procedure, near),
            "count": counts[near],
            "count_text": labels.number(counts[near]),
        }
        for near in nearby_states(code)
        if counts.get(near)
    ]


# What the featured doctors list shows (name, credential, specialty, city, profile URL).
FEATURED_PROVIDER_FIELDS = (
    "npi",
    "name_prefix",
    "first_name",
    "middle_name",
    "last_name",
    "name_suffix",
    "credential",
    "city",
    "state",
    "primary_specialty",
)


def _with_reason(link):
    """The featured provider, carrying the editor's reason for featuring them."""
    link.provider.featured_reason = link.reason
    return link.provider


def find_a_doctor_context(procedure):
    """Context for the "Find a doctor by state" block on a procedure page."""
    counts = DirectoryQuery({"procedure": procedure}).state_counts()
    # A translation features its original's doctors (it keeps no directory rows).
    key = links_key(procedure)
    featuring = (
        procedure.featured_provider_links
        if key is procedure
        else ProcedureFeaturedProvider.objects.filter(page=key)
    )

    def featured():
        return [
            _with_reason(link)
            for link in featuring.filter(provider__live=True)
            .select_related("provider", "provider__primary_specialty")
            .only(
                "page_id",
                "sort_order",
                "reason",
                *(f"provider__{name}" for name in FEATURED_PROVIDER_FIELDS),
                "provider__primary_specialty__display_name",
                "provider__primary_specialty__classification",
                "provider__primary_specialty__specialization",
            )
            .order_by("sort_order")
        ]

    context = {
        "doctor_counts": counts,
        "map_cache_seconds": settings.DIRECTORY_MAP_CACHE_SECONDS,
        # Changes whenever a count does, so the rendered map can be cached under it.
        "map_version": hashlib.sha1(  # noqa: S324 - a cache key, not security
            # The sprite's URL too: a deploy with new outlines gets a new hashed name.
            # The language too: the fragment holds state names, counts and sentences in it.
            # And the links' word (`providers.paths`): a fragment cached before a
            # language had its own word must not keep linking under the old one.
            repr(
                (
                    procedure.url_path,
                    doctors_word(page_language(procedure)),
                    procedure.title,
                    sorted(counts.items()),
                    static(MAP_SPRITE),
                    translation.get_language(),
                )
            ).encode()
        ).hexdigest(),
        # Lazy: built only when the cached map fragment is missing, so a page view
        # with a warm fragment does not build them.
        "us_map": SimpleLazyObject(lambda: map_context(procedure, counts)),
        # Lazy: read when rendered, so a cached featured list (`routes`) costs no query.
        "featured_providers": SimpleLazyObject(featured),
        "states_with_doctors": SimpleLazyObject(
            lambda: [
                state
                for state in sorted(us_map_entries(context["us_map"]), key=by_name)
                if state["count"]
            ]
        ),
    }
    return context


def by_name(state):
    """A state entry's place in an alphabetical list, in the reader's language."""
    return labels.sort_key(state["name"])


def us_map_entries(us_map):
    """The map's states then territories, each with its name, count and page URL."""
    return [*us_map["states"], *us_map["insets"]]


# What a link shows of its procedure's translation (`shown_procedure`).
TRANSLATED_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "locale_id")


def provider_links_prefetch(language=None):
    """The procedures a provider performs, live pages only, for profiles and the API.

    Links are filed under the default language's pages. With another `language` (a
    profile under `/es/`) each link also carries its page's live translation in that
    language, read inside the same query (`shown_procedure`).
    """
    links = (
        ProviderProcedure.objects.filter(
            procedure__in=procedure_model().objects.live().public().values("pk")
        )
        .select_related("procedure")
        # Only what a link shows: loading whole pages (sections and all) per link
        # was most of an API list's time.
        .only(
            "provider_id",
            "procedure_id",
            *LISTED_LINK_FIELDS,
            "procedure__title",
            "procedure__slug",
            "procedure__url_path",
            "procedure__path",
            "procedure__depth",
            "procedure__locale_id",
            "procedure__translation_key",
        )
        .order_by("basis", "procedure__title")
    )
    if language and language != default_language():
        translations = Page.objects.filter(
            translation_key=OuterRef("procedure__translation_key"),
            locale__language_code=language,
            live=True,
        )
        links = links.annotate(
            **{
                f"translated_{name}": Subquery(translations.values(name)[:1])
                for name in TRANSLATED_FIELDS
            }
        )
    return Prefetch("procedure_links", queryset=links)


def filed_link(link):
    """The link as other apps' rows know it: its original page, under the title the
    reader's language gives it (a copy: the page shown is `shown_procedure`'s)."""
    title = getattr(link, "translated_title", None)
    if title is None:
        return link
    filed = copy.copy(link)
    filed.procedure = copy.copy(link.procedure)
    filed.procedure.title = title
    return filed


def shown_procedure(link):
    """The link's procedure page in the reader's language: its live translation when
    `provider_links_prefetch(language)` found one, else the page itself.

    Made as the database would load it with only those fields: any other field is
    deferred and read on first use, as it is for the original page.
    """
    if getattr(link, "translated_id", None) is None:
        return link.procedure
    values = {name: getattr(link, f"translated_{name}") for name in TRANSLATED_FIELDS}
    values["translation_key"] = link.procedure.translation_key
    values["page_ptr_id"] = values["id"]  # the page type's own key
    model = procedure_model()
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(link._state.db, names, [values[name] for name in names])
