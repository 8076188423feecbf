"""Which page types go where: the site tree editors can build."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from procedures.models import ArticleIndexPage, ArticlePage, ProcedureIndexPage, ProcedurePage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_indexes(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {ProcedureIndexPage, ArticleIndexPage})

    def test_procedure_pages_live_only_under_the_procedure_index(self):
        self.assertAllowedParentPageTypes(ProcedurePage, {ProcedureIndexPage})
        self.assertCanNotCreateAt(HomePage, ProcedurePage)
        self.assertCanNotCreateAt(ArticleIndexPage, ProcedurePage)
        self.assertAllowedSubpageTypes(ProcedurePage, set())

    def test_articles_live_only_under_the_article_index(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertCanNotCreateAt(ProcedureIndexPage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_indexes_live_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ProcedureIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProcedureIndexPage, {ProcedurePage})
