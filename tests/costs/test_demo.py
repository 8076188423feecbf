"""`make run`'s demo shows costs, marked as sample data, and loading again changes nothing."""

import io

import pytest

from django.core.management import call_command

from costs.models import Dataset, ProcedureBillingCode, ProviderServiceFigure
from providers.import_records import ImportRun
from providers.models import Provider, ProviderProcedure


@pytest.mark.django_db
def test_demo_loads_sample_files_and_doctors_figures_once(demo_site, client):
    counts = (
        ImportRun.objects.count(),
        ProcedureBillingCode.objects.count(),
        ProviderServiceFigure.objects.count(),
    )
    assert set(Dataset.objects.values_list("kind", flat=True)) == {
        "pfs_rvu",
        "pfs_gpci",
        "pfs_locality",
        "opps",
        "asc",
        "volume",
    }
    assert counts[2] > 0
    volumes = dict(ProviderProcedure.objects.values_list("pk", "annual_volume"))
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts == (
        ImportRun.objects.count(),
        ProcedureBillingCode.objects.count(),
        ProviderServiceFigure.objects.count(),
    )
    # The demo doctors' figures come through the volume import, which leaves the links.
    assert dict(ProviderProcedure.objects.values_list("pk", "annual_volume")) == volumes

    html = client.get("/procedures/vertebroplasty/").content.decode()
    assert "What it costs with Medicare" in html
    assert "<strong>Sample data:</strong>" in html
    figure = ProviderServiceFigure.objects.first()
    provider = Provider.objects.get(npi=figure.npi)
    html = client.get(provider.get_absolute_url()).content.decode()
    assert 'id="medicare-doctor-heading"' in html
    assert "<strong>Sample data</strong> for the demo" in html
