"""Visitor pages of the directory: doctors by state for a procedure, and profiles.

The per-procedure pages are routes of `ProcedurePage` (``doctors/`` and
``doctors/<state>/``); profiles live at ``/doctors/<npi>-<name>/``. All of them
are plain server-rendered HTML that works without JavaScript.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import i18n, seo
from core.http_cache.query import reads_query

from . import directory, extensions, labels
from .directory_query import (
    DirectoryPaginator,
    DirectoryQuery,
    listing_depth,
    paged_count,
    prefetch_provider_details,
)
from .filters import DEFAULT_ORDER, ORDER_EXPLANATIONS, STATE_PAGE_FILTERS, StatePageFilterForm
from .geography import CODE_BY_SLUG, state_code
from .gone import deactivated_profile
from .jsonld import format_phone, physician_item_list, provider_jsonld
from .models import Language, Provider
from .paths import doctors_url

PER_PAGE = 20
# What the state page reads from its query string (declared on its route in
# `providers.routes`): the page cache and the ETag ignore any other parameter, so no
# other may change what it renders.
STATE_PAGE_PARAMETERS = (*STATE_PAGE_FILTERS, "page")


def procedure_doctors(request, page):
    """All states with their number of doctors for this procedure (and the state picker)."""
    # The picker always sends `state`: present but empty is a submission without a
    # choice, which gets a message on the field rather than a silent reload.
    submitted = "state" in request.GET
    picked = request.GET.get("state", "").strip()
    if picked:
        code = state_code(picked)
        if code:
            return redirect(doctors_url(page, code))
    if not submitted:
        state_error = ""
    elif picked:
        state_error = _("Choose a state from the list.")
    else:
        state_error = _("Choose your state, then select Find doctors.")
    context = page.get_context(request)
    canonical = seo.absolute_url(request, doctors_url(page, request=request))
    crumbs = [*page.breadcrumbs(request), {"title": _("Doctors"), "url": ""}]
    title = _("%(procedure)s doctors by state") % {"procedure": page.title}
    description = _(
        "Find doctors who perform %(procedure)s in your state: how many in each state, "
        "and who they are."
    ) % {"procedure": page.title}
    context.update(
        {
            "state_error": state_error,
            "all_states": sorted(
                directory.us_map_entries(context["us_map"]), key=directory.by_name
            ),
            "breadcrumbs": crumbs,
            "seo": seo.collection_seo(
                request,
                title=title,
                description=description,
                canonical=canonical,
                crumbs=crumbs,
                image=context["seo"]["image"],
            ),
        }
    )
    return TemplateResponse(request, "pages/procedure_doctors.html", context)


def procedure_doctors_in_state(request, page, slug):
    """ "Vertebroplasty doctors in Texas": ranked, filterable, paginated.

    The list is the directory's (`DirectoryQuery`), as the API lists it for the same
    procedure, state and filters; a bad filter is an error on its field, and the list
    is shown unfiltered.
    """
    code = CODE_BY_SLUG.get(slug)
    if code not in directory.DIRECTORY_STATES:
        raise Http404("Unknown state")
    form = StatePageFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    query = DirectoryQuery({**chosen, "procedure": page, "state": code})
    counts = query.state_counts()
    state_total = counts.get(code, 0)
    # Counted and paged as the API counts and pages the same list: the unfiltered total
    # from the summary, a narrowed one up to the deepest item a list shows, and no page
    # beyond it (a big state's list at national size would otherwise be counted, or
    # read to a deep page, row by row on every view). Past it, the filters narrow.
    depth = listing_depth()
    paginator = DirectoryPaginator(query, PER_PAGE, paged_count(), depth=depth)
    page_obj = paginator.get_page(request.GET.get("page"))
    prefetch_provider_details(page_obj.object_list)

    # The filters alone, in a fixed order: one rendered copy serves every query string
    # with these filters, whatever else it carries (tracking parameters) and in any order.
    extra_query = urlencode(
        [(name, value) for name in STATE_PAGE_FILTERS for value in request.GET.getlist(name)]
    )
    filters_active = query.narrowed
    state_name = labels.state_name(code)
    base_canonical = seo.absolute_url(request, doctors_url(page, code, request))
    # A filtered or reordered view is canonical to the state's list; each page of the
    # list to itself.
    if filters_active or query.order != DEFAULT_ORDER:
        canonical = base_canonical
    else:
        canonical = seo.paginated(base_canonical, page_obj)
    crumbs = [
        *page.breadcrumbs(request),
        {"title": _("Doctors"), "url": doctors_url(page, request=request)},
        {"title": state_name, "url": ""},
    ]
    title = _("%(procedure)s doctors in %(state)s") % {"procedure": page.title, "state": state_name}
    if page_obj.number > 1:
        title = _("%(title)s (page %(number)s)") % {"title": title, "number": page_obj.number}
    description = ngettext(
        "%(count)s doctor who performs %(procedure)s in %(state)s, with the basis for the listing.",
        "%(count)s doctors who perform %(procedure)s in %(state)s, with the basis for each "
        "listing.",
        state_total,
    ) % {"count": labels.number(state_total), "procedure": page.title, "state": state_name}
    listing = seo.collection_page(canonical, title, description)
    listing["mainEntity"] = physician_item_list(
        page_obj.object_list, request, start=page_obj.start_index()
    )
    # Not page.get_context(): the state page shows no map or featured articles.
    context = {"page": page, "self": page, "request": request}
    context.update(
        {
            "state_code": code,
            "state_name": state_name,
            "state_total": state_total,
            # Counts as the reader's language writes them ("1,234", "1 234").
            "state_total_text": labels.number(state_total),
            "total_text": labels.number(paginator.total.count),
            "page_obj": page_obj,
            "total": paginator.total,
            "beyond_depth": paginator.beyond_depth,
            "listing_depth": depth,
            "links": page_obj.object_list,
            "filter_form": form,
            "filters_active": filters_active,
            "specialty_options": filter_specialties(page, chosen.get("specialty")),
            "language_options": sorted(
                Language.objects.all(), key=lambda language: labels.sort_key(language.label)
            ),
            "neighbours": directory.neighbours_with_doctors(code, counts, page)
            if not state_total
            else [],
            "ranking_explanation": ORDER_EXPLANATIONS[query.order],
            "extra_query": extra_query,
            "breadcrumbs": crumbs,
            "seo": seo.page_seo(
                request,
                title=title,
                description=description,
                canonical=canonical,
                crumbs=crumbs,
                nodes=[listing],
                noindex=not state_total,
            ),
        }
    )
    if extensions.registry.state_context is not None:
        context.update(extensions.registry.state_context(page, code))
    return TemplateResponse(request, "pages/procedure_doctors_state.html", context)


def filter_specialties(page, selected=None):
    """The procedure's performing specialties (and the one asked for, if another)."""
    options = page.performing_specialties()
    if selected is not None and selected not in options:
        options.append(selected)
    return options


@reads_query()
def provider_profile(request, npi, slug=""):
    """A live provider's profile; any other slug redirects to the current one. An NPI
    NPPES deactivated answers 410 with a page saying so (`providers.gone`)."""
    try:
        provider = get_object_or_404(
            Provider.objects.live()
            .with_listing_data()
            .prefetch_related(directory.provider_links_prefetch(labels.active_language())),
            npi=npi,
        )
    except Http404:
        return deactivated_profile(request, npi)
    if slug != provider.slug:
        return redirect(provider.get_absolute_url(), permanent=True)
    procedure_links = list(provider.procedure_links.all())
    # What other apps add (costs) is filed under the original pages: they get those,
    # titled as the reader's language titles them.
    filed = [directory.filed_link(link) for link in procedure_links]
    for link in procedure_links:  # in the reader's language where translated
        link.procedure = directory.shown_procedure(link)
    crumbs = profile_breadcrumbs(request, provider, procedure_links)
    context = {
        "provider": provider,
        "procedure_links": procedure_links,
        "phone": format_phone(provider.phone),
        "breadcrumbs": crumbs,
        "seo": profile_seo(request, provider, crumbs),
    }
    if extensions.registry.profile_context is not None and procedure_links:
        context.update(extensions.registry.profile_context(provider, filed))
    return TemplateResponse(request, "pages/provider_profile.html", context)


def profile_seo(request, provider, crumbs):
    """A profile's head: "Name – Specialty in City, ST", a ProfilePage about the physician."""
    canonical = seo.absolute_url(request, provider.get_absolute_url())
    name = provider.name_for_visitors
    specialty = provider.primary_specialty.label.text if provider.primary_specialty else ""
    where = f"{provider.city_for_visitors}, {provider.state}"
    if specialty:
        title = _("%(name)s – %(specialty)s in %(where)s") % {
            "name": name,
            "specialty": specialty,
            "where": where,
        }
    else:
        title = _("%(name)s in %(where)s") % {"name": name, "where": where}
    details = ", ".join(
        part for part in (specialty, f"{provider.city_for_visitors}, {provider.state_name}") if part
    )
    description = _("%(name)s: %(details)s. NPI %(npi)s.") % {
        "name": name,
        "details": details,
        "npi": provider.npi,
    }
    physician = provider_jsonld(provider, request)
    physician["mainEntityOfPage"] = {"@id": f"{canonical}#webpage"}
    profile_page = {
        "@type": "ProfilePage",
        "@id": f"{canonical}#webpage",
        "name": title,
        "url": canonical,
        "inLanguage": i18n.bcp47(labels.active_language()),
        "breadcrumb": {"@id": f"{canonical}#breadcrumb"},
        "mainEntity": {"@id": physician["@id"]},
    }
    photo = None
    if provider.photo:
        photo = seo.absolute_url(request, provider.photo.get_rendition(seo.OG_IMAGE_SPEC).url)
    return seo.page_seo(
        request,
        title=title,
        description=description,
        canonical=canonical,
        crumbs=crumbs,
        nodes=[profile_page, physician],
        og_type="profile",
        image=photo,
    )


def profile_breadcrumbs(request, provider, procedure_links):
    """Home › Procedures › the procedure › Doctors › the state › the provider.

    A profile is reached from a state list, so its trail leads back there: through the
    first procedure it lists (one query for that page's ancestors). A provider with no
    listed procedure gets the home page of the reader's language and their name.
    """
    name = {"title": provider.name_for_visitors, "url": ""}
    if not procedure_links:
        return [{"title": _("Home"), "url": i18n.home_path(labels.active_language())}, name]
    procedure = procedure_links[0].procedure
    crumbs = procedure.breadcrumbs(request)
    crumbs.append({"title": _("Doctors"), "url": doctors_url(procedure, request=request)})
    if provider.state in directory.DIRECTORY_STATES:
        crumbs.append(
            {"title": provider.state_name, "url": doctors_url(procedure, provider.state, request)}
        )
    crumbs.append(name)
    return crumbs
