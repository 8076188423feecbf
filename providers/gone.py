"""The profile address of a doctor whose NPI NPPES deactivated: 410 Gone, said plainly.

A deactivated provider is unpublished, so their profile would be a bare 404; search
engines and visitors holding the old link learn more from "this NPI was deactivated,
according to NPPES's report of that date" with 410, which tells a crawler the page is
gone for good. Only the NPPES facts are shown (the NPI and the dates, which NPPES
publishes): nothing an editor wrote. Any other unpublished provider stays a 404.
"""

from django.http import Http404
from django.template.response import TemplateResponse

from .import_records import ImportRun
from .models import Provider


def deactivated_profile(request, npi):
    """410 with the deactivation page for a deactivated, unpublished NPI; else Http404."""
    provider = (
        Provider.objects.filter(npi=npi, live=False, deactivated_on__isnull=False)
        .select_related("deactivated_by_run")
        .only(
            "npi",
            "deactivated_on",
            "deactivated_by_run__kind",
            "deactivated_by_run__report_date",
            "deactivated_by_run__started_at",
        )
        .first()
    )
    if provider is None:
        raise Http404("No such provider")
    run = provider.deactivated_by_run
    context = {
        "npi": provider.npi,
        "deactivated_on": provider.deactivated_on,
        "report_date": run.report_date
        if run is not None and run.kind == ImportRun.Kind.DEACTIVATIONS
        else None,
        "file_date": run.started_at.date()
        if run is not None and run.kind == ImportRun.Kind.NPPES
        else None,
    }
    return TemplateResponse(request, "pages/provider_deactivated.html", context, status=410)
