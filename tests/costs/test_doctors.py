"""Each doctor's averages beside the state's median (from the by-provider file)."""

from decimal import Decimal

import pytest

from costs.doctors import SUPPRESSED, doctors_costs
from providers.factories import ProviderFactory

from .test_import_by_provider import MEDICARE, edited, import_volume


def tx_row(first_line, npi, allowed):
    return first_line.replace("1990001012", npi, 1).replace(",412.33,", f",{allowed},")


@pytest.mark.django_db
def test_doctor_average_beside_the_state_median(vertebroplasty_page, tmp_path):
    first = MEDICARE.read_text().splitlines()[1]  # 1990001012, TX, 22510, F, $412.33
    # TX 22510 in a facility: 412.33 (x2 in the sample), 450.00, 500.00.
    path, _ = edited(
        tmp_path, extra=[tx_row(first, "1234567893", "450.00"), tx_row(first, "1245319599", "500")]
    )
    import_volume(path, tmp_path)
    doctor = ProviderFactory(npi="1990001012", state="TX")
    nobody = ProviderFactory(state="TX")
    found = doctors_costs([(doctor, [vertebroplasty_page]), (nobody, [vertebroplasty_page])])
    mine = found[(doctor.npi, vertebroplasty_page.pk)]
    assert mine.year == 2023
    by_code = {(f.code, f.place_of_service): f for f in mine.figures}
    first_bone = by_code[("22510", "F")]
    assert (first_bone.avg_allowed, first_bone.services, first_bone.label) == (
        Decimal("412.33"),
        Decimal("14.0"),
        "First bone, neck or upper back",
    )
    # Median of 412.33, 412.33, 450.00, 500.00 = (412.33 + 450.00) / 2 = 431.165 -> $431.17
    assert (first_bone.state_median, first_bone.state_doctors) == (Decimal("431.17"), 4)
    assert by_code[("22511", "F")].state_median == Decimal("389.12")
    theirs = found[(nobody.npi, vertebroplasty_page.pk)]
    assert theirs.suppressed and theirs.figures == []
    assert theirs.suppressed_note == SUPPRESSED


@pytest.mark.django_db
def test_doctor_figures_load_in_constant_queries(
    vertebroplasty_page, tmp_path, django_assert_max_num_queries
):
    import_volume(MEDICARE, tmp_path)
    doctors = [ProviderFactory(state="TX") for _ in range(5)]
    with django_assert_max_num_queries(4):
        doctors_costs([(doctor, [vertebroplasty_page]) for doctor in doctors])
