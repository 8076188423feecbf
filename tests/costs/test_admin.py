"""The editor's billing codes inline and what each code shows; import runs in the admin."""

import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from costs.models import ProcedureBillingCode

from ..procedures.test_admin import section
from .conftest import import_file


def edit_data(page, codes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "also_known_as": "",
            "sections": streamfield([section("overview")]),
            "featured_article_links": inline_formset([]),
            "procedure_codes": page.procedure_codes,
            "specialty_links": inline_formset([]),
            "featured_provider_links": inline_formset([]),
            "billing_codes": inline_formset(codes),
            "page_authors": inline_formset([]),
            "references": streamfield([]),
        }
    )


@pytest.mark.django_db
def test_editor_sets_codes_with_labels_and_sees_what_each_shows(
    admin_client, cost_files, vertebroplasty_page
):
    ProcedureBillingCode.objects.filter(page=vertebroplasty_page).delete()
    url = f"/admin/pages/{vertebroplasty_page.pk}/edit/"
    data = edit_data(
        vertebroplasty_page,
        [
            {"code": " 22511 ", "role": "primary", "label": "First bone, lower back"},
            {"code": "22512", "role": "add_on", "label": "Each extra bone"},
        ],
    )
    response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    codes = ProcedureBillingCode.objects.filter(page=vertebroplasty_page).order_by("sort_order")
    assert [(c.code, c.role) for c in codes] == [("22511", "primary"), ("22512", "add_on")]
    html = admin_client.get(url).content.decode()
    assert "What each code shows" in html
    # 22511: (7.33 + 3.93 + 0.62) x 33.4009 = $396.80 in a facility
    assert "$396.80" in html
    assert "Packaged: included in the hospital" in html  # 22512 in a hospital


@pytest.mark.django_db
def test_a_code_that_is_not_a_code_is_a_form_error(admin_client, vertebroplasty_page):
    url = f"/admin/pages/{vertebroplasty_page.pk}/edit/"
    data = edit_data(vertebroplasty_page, [{"code": "vertebra", "role": "primary", "label": "x"}])
    response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert "is not a CPT or HCPCS code" in response.content.decode()


@pytest.mark.django_db
def test_import_runs_list_shows_kind_year_source_and_counts(admin_client, tmp_path):
    import_file("gpci", None, "--source=CMS (test source)", tmp_path=tmp_path)
    html = admin_client.get("/admin/providers/importrun/").content.decode()
    assert "Physician fee schedule GPCIs" in html
    assert "CMS (test source)" in html
    assert ">2026<" in html.replace(" ", "").replace("\n", "")
    assert admin_client.get("/admin/providers/importrun/?data_year=2026").status_code == 200
