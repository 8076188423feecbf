"""Cost labels in Spanish: `?locale=es` in the API and the figures' own labels.

Amounts, codes and keys never change with the language; the labels, notes and
caveats the figures carry are translations read when the answer is written.
"""

import pytest

from django.utils import translation

from wagtail.models import Locale

from costs.figures import OFFICE_FACILITY, SETTINGS, Amount, CodeCosts, setting_costs
from home.locales import translate_home
from providers.factories import ProviderFactory, ProviderProcedureFactory

from .test_import_by_provider import MEDICARE, import_volume


def spanish_translation(home, index, page, keep_rows=True):
    """`page` translated into Spanish under a translated `index`, both published;
    without `keep_rows`, stripped of its billing codes and specialties, as the demo
    loader makes translations (they keep no rows the directory or costs derive from)."""
    translate_home(home, "es")
    locale = Locale.objects.get(language_code="es")
    spanish_index = index.copy_for_translation(locale)
    spanish_index.slug = "procedimientos"
    spanish_index.save_revision().publish()
    spanish = page.copy_for_translation(locale)
    spanish.title, spanish.slug = "Vertebroplastia", "vertebroplastia"
    if not keep_rows:
        spanish.billing_codes.all().delete()
        spanish.specialty_links.all().delete()
        spanish.procedure_codes = ""
        spanish.save()
    spanish.save_revision().publish()
    return spanish


def test_setting_labels_and_notes_follow_the_active_language():
    code = CodeCosts("22510", "primary", "", Amount(), Amount(), Amount(), Amount())
    with translation.override("es"):
        settings = setting_costs(code)
        assert [str(s.label) for s in settings] == [
            "Departamento de pacientes ambulatorios de hospital",
            "Centro de cirugía ambulatoria",
            "Consultorio médico",
        ]
        assert str(OFFICE_FACILITY).startswith("Ninguno: los costos del consultorio")
    with translation.override("en"):
        assert [str(label) for _key, label in SETTINGS][2] == "Doctor's office"


@pytest.mark.django_db
def test_procedure_costs_in_the_api_have_spanish_labels_and_the_same_figures(
    client, cost_files, home, procedure_index, vertebroplasty_page
):
    """The Spanish page (`?locale=es` on the pages endpoint is Wagtail's: pages in that
    locale) carries its billing codes over, and its costs come with Spanish labels."""
    spanish_page = spanish_translation(home, procedure_index, vertebroplasty_page)
    english = client.get(f"/api/v2/pages/{vertebroplasty_page.pk}/").json()["medicare_costs"]
    response = client.get(f"/api/v2/pages/{spanish_page.pk}/?locale=es")
    assert response.status_code == 200, response.content
    spanish = response.json()["medicare_costs"]

    def figures(costs):
        return [
            (setting["setting"], setting["total"], setting["patient_pays"])
            for primary in costs["primaries"]
            for setting in primary["settings"]
        ]

    assert figures(spanish) == figures(english)
    assert [c["code"] for c in spanish["codes"]] == [c["code"] for c in english["codes"]]
    hospital = spanish["primaries"][0]["settings"][0]
    assert hospital["label"] == "Departamento de pacientes ambulatorios de hospital"
    assert spanish["caveats"][0].startswith("Solo Medicare de pago por servicio")
    assert english["caveats"][0].startswith("Medicare fee-for-service")
    assert {s["kind"] for s in spanish["sources"]} == {s["kind"] for s in english["sources"]}
    assert any(s["label"].startswith("RVU del arancel") for s in spanish["sources"])


@pytest.mark.django_db
def test_a_suppressed_doctor_figure_is_explained_in_spanish(client, vertebroplasty_page):
    doctor = ProviderFactory(state="TX")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    detail = f"/api/v2/providers/{doctor.pk}/?fields=medicare_costs"
    (english,) = client.get(detail).json()["medicare_costs"]
    (spanish,) = client.get(f"{detail}&locale=es").json()["medicare_costs"]
    assert english["suppressed"] is spanish["suppressed"] is True
    assert "11 patients" in english["note"]
    assert spanish["note"].startswith("Medicare no publica las cifras de este médico")


@pytest.mark.django_db
def test_spanish_state_page_shows_the_english_pages_codes_with_spanish_labels(
    client, cost_files, home, procedure_index, vertebroplasty_page
):
    spanish_translation(home, procedure_index, vertebroplasty_page, keep_rows=False)
    html = client.get("/es/procedimientos/vertebroplastia/medicos/texas/").content.decode()
    assert 'id="medicare-state-heading"' in html
    assert "(22510" in html
    assert "RVU del arancel de médicos" in html  # the sources' labels


@pytest.mark.django_db
def test_spanish_profile_shows_the_doctors_figures_under_the_spanish_title(
    client, home, procedure_index, vertebroplasty_page, tmp_path
):
    import_volume(MEDICARE, tmp_path)
    spanish_translation(home, procedure_index, vertebroplasty_page, keep_rows=False)
    doctor = ProviderFactory(npi="1990001012", state="TX", first_name="Alice", last_name="Test")
    ProviderProcedureFactory(provider=doctor, procedure=vertebroplasty_page)
    with translation.override("es"):
        html = client.get(doctor.get_absolute_url()).content.decode()
    assert 'id="medicare-doctor-heading"' in html
    assert "<caption>Vertebroplastia, 2023</caption>" in html
    assert "(22510)" in html
    assert "CMS omite" not in html  # not taken for a doctor without figures


@pytest.mark.django_db
def test_spanish_procedure_page_shows_its_originals_costs_in_spanish(
    client, cost_files, home, procedure_index, vertebroplasty_page
):
    spanish = spanish_translation(home, procedure_index, vertebroplasty_page, keep_rows=False)
    english = client.get(f"/api/v2/pages/{vertebroplasty_page.pk}/").json()["medicare_costs"]
    answer = client.get(f"/api/v2/pages/{spanish.pk}/?locale=es").json()["medicare_costs"]
    assert [c["code"] for c in answer["codes"]] == ["22510", "22511", "22512"]

    def numbers(costs):
        return [
            (s["setting"], s["total"], s["patient_pays"], s["physician"]["amount"])
            for primary in costs["primaries"]
            for s in primary["settings"]
        ]

    assert numbers(answer) == numbers(english)
    hospital = answer["primaries"][0]["settings"][0]["label"]
    assert hospital == "Departamento de pacientes ambulatorios de hospital"
    html = client.get("/es/procedimientos/vertebroplastia/").content.decode()
    assert "Departamento de pacientes ambulatorios de hospital" in html
