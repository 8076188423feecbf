"""An editor creates procedure pages through the Wagtail admin form."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import HomePageFactory
from procedures.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ProcedureIndexPageFactory,
)
from procedures.models import ProcedurePage


def section(name, heading=None):
    return (
        name,
        {
            "heading": heading or name.title(),
            "body": rich_text(f"<p>{name} text</p>"),
            "image": "",
            "alt_text": "",
            "caption": "",
        },
    )


def form_data(*sections, featured=()):
    return nested_form_data(
        {
            "title": "Vertebroplasty",
            "slug": "vertebroplasty",
            "summary": "Bone cement injected into a fractured vertebra.",
            "also_known_as": "Percutaneous vertebroplasty",
            "sections": streamfield(list(sections)),
            "featured_article_links": inline_formset([{"article": pk} for pk in featured]),
            "procedure_codes": "22510, 22511",
            "specialty_links": inline_formset([]),
            "featured_provider_links": inline_formset([]),
            "billing_codes": inline_formset([]),
            "page_authors": inline_formset([]),
            "references": streamfield([]),
        }
    )


class ProcedureAdminFormTests(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        root = Page.get_first_root_node()
        self.home = HomePageFactory(parent=root, slug="home-test")
        self.index = ProcedureIndexPageFactory(parent=self.home)
        self.articles = ArticleIndexPageFactory(parent=self.home)

    def post(self, data):
        url = f"/admin/pages/add/procedures/procedurepage/{self.index.pk}/"
        return self.client.post(url, {**data, "action-publish": "action-publish"})

    def test_editor_can_create_and_publish_a_procedure_with_featured_articles(self):
        first = ArticlePageFactory(parent=self.articles, title="First")
        second = ArticlePageFactory(parent=self.articles, title="Second")
        self.assertCanCreate(
            self.index,
            ProcedurePage,
            form_data(
                section("overview", "Overview of Vertebroplasty"),
                section("preparation"),
                section("procedure"),
                section("recovery"),
                section("risks"),
                section("aftercare"),
                featured=[second.pk, first.pk],
            ),
        )
        page = ProcedurePage.objects.get(slug="vertebroplasty")
        assert page.live
        assert [b.block_type for b in page.sections] == [
            "overview",
            "preparation",
            "procedure",
            "recovery",
            "risks",
            "aftercare",
        ]
        assert page.sections[0].value["heading"] == "Overview of Vertebroplasty"
        assert [a.title for a in page.visible_featured_articles()] == ["Second", "First"]
        assert page.procedure_codes_list == ["22510", "22511"]

    def test_missing_overview_is_refused_with_a_readable_message(self):
        response = self.post(form_data(section("preparation"), section("risks")))
        assert response.status_code == 200
        assert not ProcedurePage.objects.filter(slug="vertebroplasty").exists()
        assert "The Overview section is missing" in response.content.decode()
        assert response.context["form"].errors["sections"]

    def test_duplicate_section_is_refused_with_a_readable_message(self):
        response = self.post(
            form_data(section("overview"), section("risks"), section("risks", "More risks"))
        )
        assert response.status_code == 200
        assert not ProcedurePage.objects.filter(slug="vertebroplasty").exists()
        assert "The Risks section appears 2 times" in response.content.decode()

    def test_bad_procedure_code_is_an_error_on_its_field(self):
        data = form_data(section("overview"))
        data["procedure_codes"] = "22510, 2251, abc"
        response = self.post(data)
        assert response.status_code == 200
        errors = response.context["form"].errors["procedure_codes"]
        assert errors == [
            "Not a CPT or HCPCS code: 2251, ABC. Use 5 characters, e.g. 22510 or G0121."
        ]

    def test_empty_summary_is_an_error_on_the_summary_field(self):
        data = form_data(section("overview"))
        data["summary"] = ""
        response = self.post(data)
        assert response.status_code == 200
        assert "summary" in response.context["form"].errors
