"""Demo Medicare figures: the sample files in CMS's published layouts, imported as an
operator would, so `make run` shows costs on the procedure, state and profile pages.

Idempotent: billing codes are added only to demo pages that have none (an editor's
codes survive), and a file is imported only when its kind has no published year yet.
Every dataset is published with the source "Sample data (demo)", which the pages
show as a "Sample data" notice; the conversion factor is CMS's CY 2026 figure, every
other value is sample data (see costs/demo_data/ and docs/costs.md).
"""

import csv
import random
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

from django.apps import apps

from core.http_cache.version import content_changed
from providers.choices import LinkBasis
from providers.importers.volume import import_procedure_volume
from providers.models import ProviderProcedure

from .choices import DatasetKind
from .figures import Datasets, national_payment
from .importers.files import CostFileImporter
from .models import Dataset, FeeScheduleItem, ProcedureBillingCode

DATA = Path(__file__).resolve().parent / "demo_data"
SOURCE = "Sample data (demo)"
YEAR = 2026
# The by-provider file describes an earlier year than the fee schedule, as CMS's does.
BY_PROVIDER_YEAR = 2023
FILES = {
    DatasetKind.PFS_RVU: "PPRRVU2026_sample.csv",
    DatasetKind.PFS_GPCI: "GPCI2026_sample.csv",
    DatasetKind.PFS_LOCALITY: "26LOCCO_sample.csv",
    DatasetKind.OPPS: "2026_Addendum_B_sample.csv",
    DatasetKind.ASC: "2026_Addendum_AA_sample.csv",
}
# The by-provider file's columns (docs/costs.md), in its order.
BY_PROVIDER_HEADER = [
    "Rndrng_NPI",
    "Rndrng_Prvdr_Last_Org_Name",
    "Rndrng_Prvdr_First_Name",
    "Rndrng_Prvdr_MI",
    "Rndrng_Prvdr_Crdntls",
    "Rndrng_Prvdr_Ent_Cd",
    "Rndrng_Prvdr_St1",
    "Rndrng_Prvdr_St2",
    "Rndrng_Prvdr_City",
    "Rndrng_Prvdr_State_Abrvtn",
    "Rndrng_Prvdr_State_FIPS",
    "Rndrng_Prvdr_Zip5",
    "Rndrng_Prvdr_RUCA",
    "Rndrng_Prvdr_RUCA_Desc",
    "Rndrng_Prvdr_Cntry",
    "Rndrng_Prvdr_Type",
    "Rndrng_Prvdr_Mdcr_Prtcptg_Ind",
    "HCPCS_Cd",
    "HCPCS_Desc",
    "HCPCS_Drug_Ind",
    "Place_Of_Srvc",
    "Tot_Benes",
    "Tot_Srvcs",
    "Tot_Bene_Day_Srvcs",
    "Avg_Sbmtd_Chrg",
    "Avg_Mdcr_Alowd_Amt",
    "Avg_Mdcr_Pymt_Amt",
    "Avg_Mdcr_Stdzd_Amt",
]


def load_billing_codes():
    """Codes for the demo pages that have none; returns how many were added."""
    wanted = tomllib.loads((DATA / "billing_codes.toml").read_text(encoding="utf-8"))
    pages = apps.get_model("procedures", "ProcedurePage").objects.filter(slug__in=wanted)
    has_codes = set(ProcedureBillingCode.objects.values_list("page_id", flat=True).distinct())
    new = [
        ProcedureBillingCode(page=page, sort_order=order, **code)
        for page in pages
        if page.pk not in has_codes
        for order, code in enumerate(wanted[page.slug])
    ]
    ProcedureBillingCode.objects.bulk_create(new)
    if new:  # written around a publish: pages and their cached costs sections must see them
        content_changed()
    return len(new)


def load_files(stdout=None):
    """Import each sample file whose kind has no published year yet."""
    published = set(Dataset.objects.values_list("kind", flat=True))
    for kind, name in FILES.items():
        if kind in published:
            continue
        importer = CostFileImporter(kind, DATA / name, year=YEAR, source=SOURCE)
        run = importer.execute()
        if stdout:
            stdout.write(f"Imported {name}: {run.inserted} rows (sample data).")


def by_provider_rows(seed=2026):
    """Rows in the by-provider layout for the demo doctors' volume links on pages with
    billing codes."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    codes = {}
    for billing in ProcedureBillingCode.objects.order_by("page_id", "sort_order"):
        if billing.role == "primary":
            codes.setdefault(billing.page_id, []).append(billing.code)
    fees = {
        item.hcpcs: item
        for item in FeeScheduleItem.objects.published().filter(
            hcpcs__in={c for found in codes.values() for c in found}, modifier=""
        )
    }
    links = (
        ProviderProcedure.objects.filter(
            procedure_id__in=codes, basis=LinkBasis.VOLUME, volume_source="Medicare (demo data)"
        )
        .select_related("provider")
        .order_by("provider__npi", "procedure_id")
    )
    for link in links:
        provider = link.provider
        # All of a link's services on one of its page's primary codes: the volume import
        # then sums them back to the link's count and leaves the link as it is.
        code = rng.choice(codes[link.procedure_id])
        services = link.annual_volume
        if services:
            fee = national_payment(fees.get(code), facility=True).value or Decimal(400)
            allowed = (fee * Decimal(rng.uniform(0.92, 1.1))).quantize(Decimal("0.01"))
            yield [
                provider.npi,
                provider.last_name,
                provider.first_name,
                "",
                provider.credential,
                "I",
                provider.address_line_1,
                "",
                provider.city,
                provider.state,
                "",
                provider.zip_code,
                "1",
                "Metropolitan area core",
                "US",
                "Interventional Radiology",
                "Y",
                code,
                "",  # the descriptor is the AMA's licensed text: left out of the sample
                "N",
                "F",
                max(11, services - rng.randint(0, 3)),
                services,
                services,
                (allowed * Decimal(rng.uniform(3, 5))).quantize(Decimal("0.01")),
                allowed,
                (allowed * Decimal("0.79")).quantize(Decimal("0.01")),
                (allowed * Decimal(rng.uniform(0.95, 1.02))).quantize(Decimal("0.01")),
            ]


def load_by_provider(stdout=None):
    """Each demo doctor's figures, through the real volume import, once."""
    if Datasets().latest(DatasetKind.BY_PROVIDER) is not None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "MUP_PHY_R25_P05_V10_D23_Prov_Svc_sample.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(BY_PROVIDER_HEADER)
            writer.writerows(by_provider_rows())
        run, summary, _ = import_procedure_volume(
            path, year=BY_PROVIDER_YEAR, source="Medicare (demo data)"
        )
    if stdout:
        stdout.write(f"Imported {summary.get('figures', 0)} demo doctors' Medicare figures.")


def load_costs(stdout=None):
    """Everything above; returns how many billing codes were added."""
    added = load_billing_codes()
    load_files(stdout)
    load_by_provider(stdout)
    return added
