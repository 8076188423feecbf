"""The figures, against values computed by hand from the sample files (docs/costs.md).

22510 in the sample PPRRVU: work 8.05, PE 40.12 (office) / 4.13 (facility), MP 0.68,
conversion factor 33.4009:
- facility: (8.05 + 4.13 + 0.68) x 33.4009 = 12.86 x 33.4009 = 429.5356 -> $429.54
- office:   (8.05 + 40.12 + 0.68) x 33.4009 = 48.85 x 33.4009 = 1,631.6340 -> $1,631.63
22512 (add-on): (3.60 + 1.55 + 0.30) x 33.4009 = 182.0349 -> $182.03 (facility);
                (3.60 + 14.07 + 0.30) x 33.4009 = 600.2142 -> $600.21 (office).
Houston (GPCIs 1.000 / 1.008 / 0.877), 22510 in a facility:
  (8.05 x 1.000 + 4.13 x 1.008 + 0.68 x 0.877) x 33.4009 = 12.8094 x 33.4009 -> $427.85
"""

from decimal import Decimal

import pytest

from costs.figures import (
    Amount,
    costs_for_pages,
    locality_payment,
    national_payment,
    outpatient_payment,
    setting_costs,
    state_costs,
    surgery_center_payment,
)
from costs.models import FeeScheduleItem, OutpatientRate, PaymentLocality, SurgeryCenterRate

D = Decimal


def item(**fields):
    values = {
        "hcpcs": "22510",
        "status": "A",
        "work_rvu": D("8.05"),
        "pe_nonfacility_rvu": D("40.12"),
        "pe_facility_rvu": D("4.13"),
        "mp_rvu": D("0.68"),
        "conversion_factor": D("33.4009"),
    }
    return FeeScheduleItem(**{**values, **fields})


def test_national_physician_payment_uses_the_settings_pe_rvu():
    assert national_payment(item(), facility=True) == Amount(D("429.54"))
    assert national_payment(item(), facility=False) == Amount(D("1631.63"))


def test_locality_payment_is_gpci_adjusted():
    houston = PaymentLocality(gpci_work=D("1.000"), gpci_pe=D("1.008"), gpci_mp=D("0.877"))
    assert locality_payment(item(), houston, facility=True) == Amount(D("427.85"))


@pytest.mark.parametrize(
    ("status", "note"),
    [
        ("C", "Priced by the local Medicare contractor: there is no national amount."),
        ("B", "Bundled: Medicare pays it as part of other services, not separately."),
        ("N", "Not covered by Medicare."),
        ("Q", "Not paid separately under the fee schedule (status Q)."),
    ],
)
def test_codes_not_paid_by_their_status_say_so_instead_of_zero(status, note):
    found = national_payment(item(status=status), facility=True)
    assert (found.value, found.note) == (None, note)


def test_na_setting_is_not_paid_there():
    found = national_payment(item(nonfacility_na=True), facility=False)
    assert found.value is None
    assert found.note == "Not paid when done in a doctor's office."


def test_packaged_facility_codes_add_nothing_but_are_not_zero():
    packaged = outpatient_payment(OutpatientRate(status_indicator="N", payment_rate=None))
    assert (packaged.value, packaged.packaged, packaged.adds) == (None, True, 0)
    assert "Packaged" in packaged.note
    inpatient = outpatient_payment(OutpatientRate(status_indicator="C", payment_rate=None))
    assert (inpatient.adds, inpatient.note.startswith("Inpatient only")) == (None, True)
    assert surgery_center_payment(None).note.startswith("Not on Medicare's list")


@pytest.mark.django_db
def test_procedure_page_costs_by_setting_with_coinsurance(cost_files, vertebroplasty_page):
    costs = costs_for_pages([vertebroplasty_page])[vertebroplasty_page.pk]
    assert costs.year == 2026
    assert [p.code.code for p in costs.primaries] == ["22510", "22511"]
    first = costs.primaries[0]
    by_key = {s.key: s for s in first.settings}
    hospital = by_key["hospital_outpatient"]
    # $429.54 + $6,546.78 = $6,976.32; 20% = $1,395.264 -> $1,395.26
    assert (hospital.physician.value, hospital.facility.value) == (D("429.54"), D("6546.78"))
    assert (hospital.total, hospital.patient_pays) == (D("6976.32"), D("1395.26"))
    # $429.54 + $3,854.12 = $4,283.66; 20% = $856.732 -> $856.73
    center = by_key["surgery_center"]
    assert (center.total, center.patient_pays) == (D("4283.66"), D("856.73"))
    # Office: the doctor's non-facility fee only; 20% of $1,631.63 = $326.326 -> $326.33
    office = by_key["office"]
    assert (office.total, office.patient_pays) == (D("1631.63"), D("326.33"))
    assert office.facility.value is None and office.facility.note
    # Each extra level: 22512's physician fee; its facility part is packaged (adds $0).
    ((add_on, extra),) = first.add_ons
    assert add_on.code == "22512"
    extra = {s.key: s for s in extra}
    assert (extra["hospital_outpatient"].total, extra["hospital_outpatient"].patient_pays) == (
        D("182.03"),
        D("36.41"),
    )
    assert extra["hospital_outpatient"].facility.note.startswith("Packaged")
    assert (extra["office"].total, extra["office"].patient_pays) == (D("600.21"), D("120.04"))
    assert [(s.kind, s.year, s.file_name) for s in costs.sources] == [
        ("pfs_rvu", 2026, "PPRRVU2026_sample.csv"),
        ("opps", 2026, "2026_Addendum_B_sample.csv"),
        ("asc", 2026, "2026_Addendum_AA_sample.csv"),
    ]


@pytest.mark.django_db
def test_a_code_not_paid_in_the_office_gives_no_office_total(cost_files, procedure_index):
    from costs.models import ProcedureBillingCode
    from procedures.factories import ProcedurePageFactory

    page = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    ProcedureBillingCode.objects.create(page=page, code="22513", label="First bone")
    costs = costs_for_pages([page])[page.pk]
    office = {s.key: s for s in costs.primaries[0].settings}["office"]
    assert (office.total, office.patient_pays) == (None, None)
    assert office.note == "Not paid when done in a doctor's office."
    center = {s.key: s for s in costs.primaries[0].settings}["surgery_center"]
    # (8.65 + 4.39 + 0.83) x 33.4009 = 463.27; + $5,610.93 = $6,074.20
    assert center.total == D("6074.20")


@pytest.mark.django_db
def test_state_range_across_localities(cost_files, vertebroplasty_page):
    found = state_costs(vertebroplasty_page, "TX")
    assert found.year == 2026
    first = found.ranges[0]
    assert first.code.code == "22510"
    # Rest of Texas (0.930 PE) is the lowest, Austin (1.035 PE) the highest.
    assert (first.facility_low.value, first.facility_high.value) == (D("416.75"), D("429.62"))
    assert (first.office_low.value, first.office_high.value) == (D("1534.70"), D("1673.79"))
    assert len(first.localities) == 5
    assert state_costs(vertebroplasty_page, "WY").ranges == []


def test_setting_costs_without_a_physician_fee_has_no_total():
    from costs.figures import CodeCosts

    code = CodeCosts(
        "0200T",
        "primary",
        "",
        national_payment(item(status="C"), facility=True),
        national_payment(item(status="C"), facility=False),
        outpatient_payment(OutpatientRate(status_indicator="J1", payment_rate=D("100"))),
        surgery_center_payment(SurgeryCenterRate(payment_indicator="G2", payment_rate=D("50"))),
    )
    hospital = setting_costs(code)[0]
    assert (hospital.total, hospital.patient_pays) == (None, None)
    assert hospital.note.startswith("Priced by the local Medicare contractor")
