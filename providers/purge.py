"""Which URLs a directory change makes stale, for the frontend cache (`core.http_cache.purge`).

- A provider's publish, unpublish or delete: its profile (both addresses), its API
  detail and the providers list; for every (procedure, state) it is listed in before
  or after, the state page, the procedure's ``doctors/`` page and the procedure page
  (the map's counts), and that procedure's state counts in the API; the procedure
  pages that feature it.
- A procedure's publish, unpublish, move or delete (on top of the page URLs Wagtail
  knows, `FindADoctorMixin.get_cached_paths`): its state counts in the API, the
  providers list, and the profiles (and API details) of the providers listed for it,
  which name it — up to ``HTTP_CACHE_PURGE_PROFILE_LIMIT``; a procedure listed on more
  profiles than that leaves them to expire with their max-age, since enumerating a
  hundred thousand URLs into a purge API would cost more than it saves.
- An import (``import_nppes``, ``import_procedure_volume``, ``load_nucc_taxonomy``,
  ``import_deactivated_npis``): every live procedure's page, ``doctors/`` page and
  state pages, their state counts and the providers list. Not the profiles: an import
  may change a million of them; they expire with their max-age. See docs/deployment.md.
- Providers an import deactivated (NPPES or its deactivation report), on top: their
  profiles and API details, up to ``HTTP_CACHE_PURGE_PROFILE_LIMIT`` of them, and the
  sitemaps that listed them, so a doctor who stopped practising is not served from a
  cache until it expires.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.http_cache.purge import (
    API_ROOT,
    on_every_site,
    purge_after_commit,
    purge_once_after_commit,
)
from core.i18n import language_codes, page_language

from .directory_query import links_key
from .models import ProcedureFeaturedProvider, Provider, ProviderProcedure, procedure_model
from .paths import doctors_path
from .sitemaps import IdRangePaginator, profile_sections, urls_per_sitemap

PROVIDERS_API = f"{API_ROOT}providers/"
STATES_API = f"{PROVIDERS_API}states/"
DEFAULT_PROFILE_LIMIT = 1000
# The sitemap files (`home.sitemaps`): the index, the state pages; the profiles' are
# a section per language (`profile_sitemap_paths`).
SITEMAP_PATHS = ("/sitemap.xml", "/sitemap-doctors.xml")


def directory_paths(states, language):
    """A procedure page's directory sub-paths for these USPS codes (relative to it), in
    the page's language (`medicos/texas/`)."""
    return [doctors_path(language), *(doctors_path(language, code) for code in sorted(states))]


def state_counts_api_paths(procedure):
    """`/api/v2/providers/states/` takes the procedure by id or by slug."""
    return [f"{STATES_API}?procedure={procedure.pk}", f"{STATES_API}?procedure={procedure.slug}"]


def profile_paths(npi, slug):
    """A profile's two addresses in every language (`/doctors/…`, `/es/medicos/…`)."""
    paths = []
    for code in language_codes():
        with translation.override(code):
            paths.append(reverse("providers:profile", kwargs={"npi": npi, "slug": slug}))
            paths.append(reverse("providers:profile_by_npi", kwargs={"npi": npi}))
    return paths


def procedure_pages(ids):
    """[(page, id of the page its links are filed under)] for these procedure pages
    and their translations, which show the same doctors (`directory_query.links_key`)."""
    if not ids:
        return []
    model = procedure_model()
    pages = list(
        model.objects.filter(
            translation_key__in=model.objects.filter(pk__in=ids).values("translation_key")
        )
    )
    originals = {page.translation_key: page.pk for page in pages if page.pk in ids}
    return [(page, originals[page.translation_key]) for page in pages]


def procedure_directory_urls(page, states=None):
    """The procedure page, its ``doctors/`` page and the state pages for ``states`` (all
    of them when None, as `get_cached_paths` lists them), plus its counts in the API."""
    base = page.get_full_url()
    urls = set(on_every_site(state_counts_api_paths(page)))
    if base:
        if states is None:
            paths = page.get_cached_paths()
        else:
            paths = ["/", *directory_paths(states, page_language(page))]
        urls |= {base + path.lstrip("/") for path in paths}
    return urls


class ProviderSnapshot:
    """What a provider's public URLs depend on, read from the database: its name (the
    profile's address), the (procedure, state) pairs it is listed in and the procedure
    pages featuring it."""

    def __init__(self, provider_id):
        row = (
            Provider.objects.filter(pk=provider_id)
            .values("npi", "first_name", "middle_name", "last_name", "live")
            .first()
        )
        self.profile_paths = []
        self.live = bool(row and row.pop("live"))
        if row is not None:
            self.profile_paths = profile_paths(row["npi"], Provider(**row).slug)
        self.pairs = set(
            ProviderProcedure.objects.filter(provider_id=provider_id)
            .values_list("procedure_id", "state")
            .distinct()
        )
        self.featured_on = set(
            ProcedureFeaturedProvider.objects.filter(provider_id=provider_id).values_list(
                "page_id", flat=True
            )
        )


def provider_urls(provider_id, *snapshots):
    """Everything the provider's change touches, over its state before and after."""
    states_by_procedure = {}
    paths = {f"{PROVIDERS_API}{provider_id}/", PROVIDERS_API}
    featured_on = set()
    for snapshot in snapshots:
        paths.update(snapshot.profile_paths)
        for procedure_id, state in snapshot.pairs:
            states_by_procedure.setdefault(procedure_id, set()).add(state)
        featured_on |= snapshot.featured_on
    urls = on_every_site(paths)
    for page, original in procedure_pages(set(states_by_procedure) | featured_on):
        urls |= procedure_directory_urls(page, states_by_procedure.get(original, set()))
    return urls


def remember_provider_urls(provider):
    """Before a save or delete: note the provider's URLs as they are now."""
    if provider.pk is not None:
        provider._snapshot_before = ProviderSnapshot(provider.pk)


def purge_provider(provider):
    """After a publish, unpublish or link-changing save: purge its URLs before and after
    (nothing when it was not public before and is not now)."""
    snapshots = [ProviderSnapshot(provider.pk)]
    before = getattr(provider, "_snapshot_before", None)
    if before is not None:
        snapshots.append(before)
    if any(snapshot.live for snapshot in snapshots):
        purge_once_after_commit(provider, provider_urls(provider.pk, *snapshots))


def purge_deleted_provider(provider):
    before = getattr(provider, "_snapshot_before", None)
    if before is not None and before.live:
        purge_after_commit(provider_urls(provider.pk, before))


def profile_limit():
    """How many profiles one event may purge one by one (beyond, they expire)."""
    return getattr(settings, "HTTP_CACHE_PURGE_PROFILE_LIMIT", DEFAULT_PROFILE_LIMIT)


def linked_profile_urls(procedure):
    """Profiles (and API details) of the providers listed for the procedure, if few enough."""
    limit = profile_limit()
    rows = list(
        ProviderProcedure.objects.public()
        .filter(procedure=links_key(procedure))
        .values_list(
            "provider_id",
            "provider__npi",
            "provider__first_name",
            "provider__middle_name",
            "provider__last_name",
        )
        .order_by("provider_id")
        .distinct()[: limit + 1]
    )
    if len(rows) > limit:
        return set()
    paths = set()
    for provider_id, npi, first, middle, last in rows:
        slug = Provider(first_name=first, middle_name=middle, last_name=last).slug
        paths.update(profile_paths(npi, slug))
        paths.add(f"{PROVIDERS_API}{provider_id}/")
    return on_every_site(paths)


def procedure_event_urls(procedure):
    """What a procedure page's event changes in the directory, beyond its page URLs: an
    original's event, its translations' pages too (they show its doctors and counts)."""
    urls = on_every_site([*state_counts_api_paths(procedure), PROVIDERS_API])
    if links_key(procedure) is procedure:
        for page, _original in procedure_pages([procedure.pk]):
            if page.pk != procedure.pk:
                urls |= procedure_directory_urls(page)
    return urls | linked_profile_urls(procedure)


def purge_directory():
    """After an import: every procedure's directory lists (see the module docstring)."""
    urls = set(on_every_site([PROVIDERS_API]))
    for page in procedure_model().objects.live():
        urls |= procedure_directory_urls(page)
    purge_after_commit(urls)


def profile_sitemap_paths():
    """Every file of the profiles' sitemaps: one per id range and language, twenty of
    each at a million (`providers.sitemaps`)."""
    pages = IdRangePaginator(Provider.objects.filter(live=True), urls_per_sitemap()).num_pages
    paths = []
    for section in profile_sections():
        path = f"/sitemap-{section}.xml"
        paths += [path, *(f"{path}?p={number}" for number in range(1, pages + 1))]
    return paths


def deactivated_provider_urls(provider_ids):
    """The profiles and API details of providers an import deactivated (none if more than
    `profile_limit`: they expire), and the sitemaps that listed them."""
    ids = sorted(set(provider_ids))
    if not ids:
        return set()
    paths = {*SITEMAP_PATHS, *profile_sitemap_paths(), PROVIDERS_API}
    if len(ids) <= profile_limit():
        rows = Provider.objects.filter(pk__in=ids).values_list(
            "pk", "npi", "first_name", "middle_name", "last_name"
        )
        for pk, npi, first, middle, last in rows:
            slug = Provider(first_name=first, middle_name=middle, last_name=last).slug
            paths.update(profile_paths(npi, slug))
            paths.add(f"{PROVIDERS_API}{pk}/")
    return on_every_site(paths)


def purge_deactivated_profiles(provider_ids):
    """After an import that deactivated providers: see `deactivated_provider_urls`."""
    purge_after_commit(deactivated_provider_urls(provider_ids))
