"""Each doctor's Medicare averages for a procedure's codes, beside the state's median.

From the by-provider file (`ProviderServiceFigure`): per code and place of service,
the number of services and the average Medicare allowed amount per service. The
state's median is the median of the averages of every doctor in the state with a
figure for the same code, place of service and year (each doctor counts once, however
many services). CMS leaves out rows under 11 beneficiaries: a doctor linked to a
procedure with no figure for any of its codes is shown as "not published", never $0.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db import connection
from django.utils.translation import gettext_lazy

from .choices import DatasetKind, PlaceOfService
from .figures import Datasets, cents, is_sample
from .models import ProcedureBillingCode, ProviderServiceFigure

SUPPRESSED = gettext_lazy(
    "Medicare does not publish this doctor's figures for it: CMS leaves out counts under "
    "11 patients a year, and the doctor may not bill Medicare for it at all."
)


@dataclass
class DoctorFigure:
    code: str
    label: str
    place_of_service: str
    services: Decimal
    beneficiaries: int
    avg_allowed: Decimal | None
    state_median: Decimal | None
    state_doctors: int

    @property
    def setting(self):
        return PlaceOfService(self.place_of_service).label


@dataclass
class DoctorProcedureCosts:
    page_id: int
    title: str
    year: int | None
    figures: list
    file_name: str = ""
    source: str = ""

    @property
    def sample_data(self):
        return is_sample(self.source)

    @property
    def suppressed(self):
        return not self.figures

    suppressed_note = SUPPRESSED


def codes_for_pages(page_ids):
    """{page id: [(code, label)]}: billing codes (with labels) or `procedure_codes`."""
    found = {}
    for billing in ProcedureBillingCode.objects.filter(page_id__in=page_ids).order_by(
        "page_id", "sort_order", "pk"
    ):
        found.setdefault(billing.page_id, []).append((billing.code, billing.label))
    return found


def state_medians(run_id, pairs):
    """{(state, code, place): (median allowed amount, doctors)} for (state, code) pairs."""
    states = sorted({state for state, _ in pairs})
    codes = sorted({code for _, code in pairs})
    if not pairs:
        return {}
    table = ProviderServiceFigure._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                # percentile_cont works in floating point: back to numeric before
                # rounding, so 431.165 is not 431.16499999….
                "SELECT state, hcpcs, place_of_service, CAST(percentile_cont(0.5) WITHIN GROUP "
                f"(ORDER BY avg_allowed_amount) AS numeric(14, 6)), count(*) FROM {table} "
                "WHERE run_id = %s "
                "AND state = ANY(%s) AND hcpcs = ANY(%s) AND avg_allowed_amount IS NOT NULL "
                "GROUP BY 1, 2, 3",
                [run_id, states, codes],
            )
            return {
                (state, code, place): (cents(value), count)
                for state, code, place, value, count in cursor.fetchall()
            }
    values = {}
    rows = ProviderServiceFigure.objects.filter(
        run_id=run_id, state__in=states, hcpcs__in=codes, avg_allowed_amount__isnull=False
    ).values_list("state", "hcpcs", "place_of_service", "avg_allowed_amount")
    for state, code, place, amount in rows:
        values.setdefault((state, code, place), []).append(amount)
    return {key: (cents(Decimal(median(found))), len(found)) for key, found in values.items()}


def doctors_costs(providers_pages, datasets=None):
    """{(npi, page id): DoctorProcedureCosts} for [(provider, [pages])], in four queries.

    Queries: datasets, billing codes, the doctors' figures, the states' medians.
    """
    datasets = datasets or Datasets()
    dataset = datasets.latest(DatasetKind.BY_PROVIDER)
    page_ids = {page.pk for _, pages in providers_pages for page in pages}
    codes = codes_for_pages(page_ids)
    for _, pages in providers_pages:
        for page in pages:
            if page.pk not in codes and getattr(page, "procedure_codes", ""):
                codes[page.pk] = [(code.strip(), "") for code in page.procedure_codes.split(",")]
    figures = {}
    medians = {}
    if dataset is not None:
        npis = [provider.npi for provider, _ in providers_pages]
        all_codes = {code for found in codes.values() for code, _ in found}
        for row in ProviderServiceFigure.objects.filter(
            run_id=dataset.run_id, npi__in=npis, hcpcs__in=all_codes
        ).order_by("hcpcs", "place_of_service"):
            figures.setdefault(row.npi, []).append(row)
        pairs = {
            (provider.state, row.hcpcs)
            for provider, _ in providers_pages
            for row in figures.get(provider.npi, [])
        }
        medians = state_medians(dataset.run_id, pairs)
    result = {}
    for provider, pages in providers_pages:
        rows = figures.get(provider.npi, [])
        for page in pages:
            labels = dict(codes.get(page.pk, []))
            found = []
            for row in rows:
                if row.hcpcs not in labels:
                    continue
                state_median, doctors = medians.get(
                    (provider.state, row.hcpcs, row.place_of_service), (None, 0)
                )
                found.append(
                    DoctorFigure(
                        code=row.hcpcs,
                        label=labels[row.hcpcs],
                        place_of_service=row.place_of_service,
                        services=row.total_services,
                        beneficiaries=row.total_beneficiaries,
                        avg_allowed=row.avg_allowed_amount,
                        state_median=state_median,
                        state_doctors=doctors,
                    )
                )
            result[(provider.npi, page.pk)] = DoctorProcedureCosts(
                page.pk,
                page.title,
                dataset.year if dataset else None,
                found,
                dataset.file_name if dataset else "",
                dataset.source if dataset else "",
            )
    return result
