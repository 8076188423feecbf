"""The directory's part of a procedure page: "find a doctor" routes, context and panels.

`providers` sits below `procedures` (docs/architecture.md): the procedure page
includes this mixin, as it includes Wagtail's `RoutablePageMixin`, instead of the
directory importing the page. The relations it reads (`specialty_links`,
`featured_provider_links`) are defined here in `providers.models`, pointing at the
page by its label.
"""

from django.db.models import F, prefetch_related_objects

from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from core.http_cache.fragments import fragment_context
from core.http_cache.query import reads_query
from core.i18n import default_language, page_language

from . import paths, views
from .directory import DIRECTORY_STATES, find_a_doctor_context
from .directory_query import links_key
from .models import ProcedureSpecialty
from .panels import DirectoryInlinePanel, VerifiedProvidersPanel
from .purge import directory_paths

# Where a listing puts a translation's original's performing specialties.
ORIGINAL_SPECIALTIES = "_original_specialty_links"
# What the two directory routes read, passed on by the redirect from the legacy word.
LEGACY_PARAMETERS = ("state", *views.STATE_PAGE_PARAMETERS)


class FindADoctorMixin(RoutablePageMixin):
    """Adds ``doctors/`` (every state) and ``doctors/<state>/`` to a procedure page,
    and the map, picker and featured doctors to its own context.

    "doctors" is the page language's word (``medicos/`` in Spanish, `providers.paths`);
    the state slugs are the same in every language (``texas/``, ``new-york/``).
    """

    # The "Find a doctor" tab of the page editor.
    find_a_doctor_panels = [
        DirectoryInlinePanel(
            "specialty_links",
            heading="Performing specialties",
            label="Specialty",
            help_text="Specialties that typically perform this procedure. Doctors with these "
            "specialties are listed with the basis “specialty typically performs”.",
        ),
        DirectoryInlinePanel("featured_provider_links", heading="Featured doctors", label="Doctor"),
        VerifiedProvidersPanel(heading="Doctors verified to perform this procedure"),
    ]

    @path(paths.DOCTORS_ROUTE, name="doctors")
    @reads_query("state")  # the state picker's submission
    def doctors(self, request):
        return views.procedure_doctors(request, self)

    @re_path(paths.STATE_REGEX, name="doctors_in_state")
    @reads_query(*views.STATE_PAGE_PARAMETERS)
    def doctors_in_state(self, request, state_slug):
        return views.procedure_doctors_in_state(request, self, state_slug)

    # After the routes above, which it never shadows: in English they match first.
    @re_path(paths.LEGACY_REGEX, name="doctors_legacy_word")
    @reads_query(*LEGACY_PARAMETERS)
    def doctors_legacy_word(self, request, rest):
        """The Spanish edition's first addresses (``/es/…/doctors/texas/``): a permanent
        redirect to the language's word (``/es/…/medicos/texas/``), with the query
        parameters the two routes read (the picker's state, a state page's filters)."""
        return paths.redirect_to_own_word(request, self.get_url(request), rest, LEGACY_PARAMETERS)

    @property
    def doctors_url(self):
        """The page's doctors overview, as templates link to it (`providers.paths`)."""
        return paths.doctors_url(self)

    def get_sitemap_urls(self, request=None):
        """The page and its doctors overview (state pages: `providers.sitemaps`)."""
        urls = super().get_sitemap_urls(request)
        doctors = paths.doctors_path(page_language(self))
        for entry in list(urls):
            urls.append({**entry, "location": f"{entry['location']}{doctors}"})
        return urls

    def get_cached_paths(self):
        """What a frontend cache may hold for this page (Wagtail's purge API reads it):
        the page, its ``doctors/`` page and every state page, in the page's language."""
        return ["/", *directory_paths(DIRECTORY_STATES, page_language(self))]

    def performing_specialties(self):
        """Specialties in the editor's order (uses prefetched links when present).

        A translation keeps none of its own (the links derived from them are the
        original's, `links_key`): it offers its original's, read the same way.
        """
        key = links_key(self)
        if key is self:
            links = self.specialty_links.all()
        else:
            links = self.__dict__.get(ORIGINAL_SPECIALTIES)
            if links is None:
                links = ProcedureSpecialty.objects.filter(page=key).order_by("sort_order")
        return [link.specialty for link in links]

    @classmethod
    def prefetch_performing_specialties(cls, pages):
        """`performing_specialties` for many pages at once (an API listing): the
        originals' links with their specialties, and the translations' originals' links
        in one query more, so a list of translations costs no query per page."""
        originals = [page for page in pages if links_key(page) is page]
        prefetch_related_objects(originals, "specialty_links__specialty")
        translations = [page for page in pages if links_key(page) is not page]
        if not translations:
            return
        by_key = {}
        links = (
            ProcedureSpecialty.objects.filter(
                page__translation_key__in={page.translation_key for page in translations},
                page__locale__language_code=default_language(),
            )
            .select_related("specialty")
            .annotate(original_key=F("page__translation_key"))
            .order_by("sort_order")
        )
        for link in links:
            by_key.setdefault(link.original_key, []).append(link)
        for page in translations:
            page.__dict__[ORIGINAL_SPECIALTIES] = by_key.get(page.translation_key, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(find_a_doctor_context(self))
        # The featured doctors, cached for a public view under the content version,
        # which a publish of this page and any change to a provider shown bump.
        context["featured_providers_fragment"] = fragment_context(
            request, self, "featured_providers"
        )
        return context
