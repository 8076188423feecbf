"""Visitor pages of the directory: doctors by state for a procedure, and profiles.

The per-procedure pages are routes of `ProcedurePage` (``doctors/`` and
``doctors/<state>/``); profiles live at ``/doctors/<npi>-<name>/``. All of them
are plain server-rendered HTML that works without JavaScript.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from . import directory
from .filters import ProviderFilterForm, provider_filter_q
from .geography import CODE_BY_SLUG, STATE_NAMES, state_code, state_slug
from .jsonld import format_phone, provider_jsonld
from .models import Language, Provider

PER_PAGE = 20
STATE_PAGE_FILTERS = ("specialty", "accepting_new_patients", "telehealth", "language")


def procedure_doctors(request, page):
    """All states with their number of doctors for this procedure (and the state picker)."""
    # The picker always sends `state`: present but empty is a submission without a
    # choice, which gets a message on the field rather than a silent reload.
    submitted = "state" in request.GET
    picked = request.GET.get("state", "").strip()
    if picked:
        code = state_code(picked)
        if code:
            return redirect(f"{page.url}doctors/{state_slug(code)}/")
    if not submitted:
        state_error = ""
    elif picked:
        state_error = gettext("Choose a state from the list.")
    else:
        state_error = gettext("Choose your state, then select Find doctors.")
    context = page.get_context(request)
    context.update(
        {
            "state_error": state_error,
            "all_states": sorted(
                directory.us_map_entries(context["us_map"]), key=lambda state: state["name"]
            ),
            "canonical_url": f"{page.full_url}doctors/",
            "breadcrumbs": [*page.breadcrumbs(request), {"title": "Doctors", "url": ""}],
        }
    )
    return TemplateResponse(request, "pages/procedure_doctors.html", context)


def procedure_doctors_in_state(request, page, slug):
    """ "Vertebroplasty doctors in Texas": ranked, filterable, paginated."""
    code = CODE_BY_SLUG.get(slug)
    if code not in directory.DIRECTORY_STATES:
        raise Http404("Unknown state")
    form = ProviderFilterForm({k: v for k, v in request.GET.items() if k in STATE_PAGE_FILTERS})
    filters = form.cleaned_data if form.is_valid() else {}
    links = directory.ranked_links(page, code)
    if filters:
        links = links.filter(provider_filter_q(filters, on_links=True))
    counts = directory.state_counts(page)
    state_total = counts.get(code, 0)
    paginator = Paginator(links, PER_PAGE)
    if not any(filters.get(name) not in (None, "") for name in STATE_PAGE_FILTERS):
        # Unfiltered, the summary already knows the total: skip a COUNT over the state.
        paginator.count = state_total
    page_obj = paginator.get_page(request.GET.get("page"))
    directory.prefetch_provider_details(page_obj.object_list)

    query = request.GET.copy()
    query.pop("page", None)
    # Not page.get_context(): the state page shows no map or featured articles.
    context = {"page": page, "self": page, "request": request}
    context.update(
        {
            "state_code": code,
            "state_name": STATE_NAMES[code],
            "state_total": state_total,
            "page_obj": page_obj,
            "links": page_obj.object_list,
            "filter_form": form,
            "filters_active": any(
                filters.get(name) not in (None, "") for name in STATE_PAGE_FILTERS
            ),
            "specialty_options": filter_specialties(page, filters.get("specialty")),
            "language_options": Language.objects.all(),
            "neighbours": directory.neighbours_with_doctors(code, counts)
            if not state_total
            else [],
            "ranking_explanation": directory.RANKING_EXPLANATION,
            "extra_query": query.urlencode(),
            "canonical_url": f"{page.full_url}doctors/{slug}/",
            "breadcrumbs": [
                *page.breadcrumbs(request),
                {"title": "Doctors", "url": f"{page.url}doctors/"},
                {"title": STATE_NAMES[code], "url": ""},
            ],
        }
    )
    return TemplateResponse(request, "pages/procedure_doctors_state.html", context)


def filter_specialties(page, selected=None):
    """The procedure's performing specialties (and the one asked for, if another)."""
    options = page.performing_specialties()
    if selected is not None and selected not in options:
        options.append(selected)
    return options


def provider_profile(request, npi, slug=""):
    """A live provider's profile; any other slug redirects to the current one."""
    provider = get_object_or_404(
        Provider.objects.live()
        .with_listing_data()
        .prefetch_related(directory.provider_links_prefetch()),
        npi=npi,
    )
    if slug != provider.slug:
        return redirect(provider.get_absolute_url(), permanent=True)
    return TemplateResponse(
        request,
        "pages/provider_profile.html",
        {
            "provider": provider,
            "procedure_links": list(provider.procedure_links.all()),
            "jsonld": provider_jsonld(provider, request),
            "phone": format_phone(provider.phone),
            "canonical_url": request.build_absolute_uri(provider.get_absolute_url()),
        },
    )
