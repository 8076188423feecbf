"""Fixtures for the Medicare cost tests: the sample files in CMS's published layouts."""

import io
from pathlib import Path

import pytest

from django.core.management import call_command

from costs.models import ProcedureBillingCode
from procedures.factories import ProcedurePageFactory

SAMPLES = Path(__file__).resolve().parents[2] / "costs" / "demo_data"
FILES = {
    "pprrvu": SAMPLES / "PPRRVU2026_sample.csv",
    "gpci": SAMPLES / "GPCI2026_sample.csv",
    "locality": SAMPLES / "26LOCCO_sample.csv",
    "opps": SAMPLES / "2026_Addendum_B_sample.csv",
    "asc": SAMPLES / "2026_Addendum_AA_sample.csv",
}


def run_command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(kind, path=None, *extra, year=2026, tmp_path=None):
    path = path or FILES[kind]
    rejects = (tmp_path or Path(path).parent) / f"{kind}.rejects.csv"
    return run_command(
        "import_medicare_costs",
        kind,
        str(path),
        f"--year={year}",
        f"--reject-file={rejects}",
        *extra,
    )


@pytest.fixture
def cost_files(db, tmp_path):
    """Every sample file imported for 2026."""
    for kind in FILES:
        import_file(kind, tmp_path=tmp_path)


@pytest.fixture
def vertebroplasty_page(procedure_index):
    page = ProcedurePageFactory(
        parent=procedure_index,
        title="Vertebroplasty",
        slug="vertebroplasty",
        procedure_codes="22510, 22511, 22512",
    )
    for order, (code, role, label) in enumerate(
        [
            ("22510", "primary", "First bone, neck or upper back"),
            ("22511", "primary", "First bone, lower back"),
            ("22512", "add_on", "Each extra bone"),
        ]
    ):
        ProcedureBillingCode.objects.create(
            page=page, code=code, role=role, label=label, sort_order=order
        )
    return page
