"""The same procedure content as JSON through Wagtail API v2 (/api/v2/)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

import wagtail_factories
from wagtail.models import PageViewRestriction
from wagtail.rich_text import expand_db_html

from procedures.blocks import SECTION_TYPES, expanded_html
from procedures.factories import (
    ArticlePageFactory,
    ProcedureFeaturedArticleFactory,
    ProcedurePageFactory,
    RichTextBlockFactory,
)
from procedures.models import ArticlePage, ProcedurePage

LIST_URL = "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary,sections"


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.django_db
def test_vertebroplasty_sections_are_typed_json(client, demo_site):
    found = client.get("/api/v2/pages/find/?html_path=/procedures/vertebroplasty/")
    assert found.status_code == 302
    data = get_json(client, found["Location"])
    assert data["title"] == "Vertebroplasty"
    assert data["meta"]["type"] == "procedures.ProcedurePage"
    assert [s["type"] for s in data["sections"]] == list(SECTION_TYPES)
    overview = data["sections"][0]
    assert set(overview) == {"type", "id", "value"}
    assert set(overview["value"]) == {"heading", "body", "image"}
    assert overview["value"]["heading"] == "Overview of Vertebroplasty"
    assert overview["value"]["body"].startswith("<p>An osteoporosis or trauma-based")
    assert overview["value"]["image"] is None
    assert data["also_known_as"] == ["Percutaneous vertebroplasty"]
    assert data["summary"]
    assert [a["title"] for a in data["featured_articles"]]
    assert set(data["featured_articles"][0]) == {"id", "title", "url", "summary"}


@pytest.mark.django_db
def test_find_by_html_path_redirects_to_the_detail_endpoint(client, demo_site):
    from procedures.models import ProcedurePage

    page = ProcedurePage.objects.get(slug="vertebroplasty")
    response = client.get("/api/v2/pages/find/?html_path=/procedures/vertebroplasty/")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v2/pages/{page.pk}/")
    assert client.get("/api/v2/pages/find/?html_path=/procedures/nope/").status_code == 404


@pytest.mark.django_db
def test_rich_text_is_display_html_with_internal_links_expanded(client, procedure_index):
    target = ProcedurePageFactory(parent=procedure_index, slug="kyphoplasty")
    body = f'<p>Compare with <a linktype="page" id="{target.pk}">kyphoplasty</a>.</p>'
    page = ProcedurePageFactory(
        parent=procedure_index,
        sections__0__overview__body=RichTextBlockFactory(value=body),
    )
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    html = data["sections"][0]["value"]["body"]
    assert 'href="/procedures/kyphoplasty/"' in html
    assert "linktype" not in html


@pytest.mark.django_db
def test_rich_text_without_links_or_embeds_is_expanded_as_wagtail_expands_it(procedure_index):
    """`expanded_html` skips Wagtail's rewriters only where they would change nothing."""
    target = ProcedurePageFactory(parent=procedure_index, slug="kyphoplasty")
    sources = [
        "",
        "<p>Plain text, <b>bold</b>, <i>italic</i>.</p><ul><li>a list</li></ul>",
        "<h3>Heading</h3><p>An <abbr>abbr</abbr>, an <article>, <aside> and <address>.</p>",
        f'<p>A <a linktype="page" id="{target.pk}">page link</a>.</p>',
        '<p>An <a href="https://example.org/">outside link</a>.</p>',
        '<p>A <a linktype="page" id="999999">missing page</a>.</p>',
        '<p><a linktype="nonsense">unknown link type</a></p>',
        '<embed embedtype="image" id="999999" format="left" alt="gone"/>',
        '<p>Written <A HREF="x">upper case</A> and &lt;a&gt; escaped.</p>',
    ]
    for source in sources:
        assert expanded_html(source) == expand_db_html(source), source
    assert 'href="/procedures/kyphoplasty/"' in expanded_html(sources[3])
    assert expanded_html(sources[1]) is sources[1]  # no rewriter ran


@pytest.mark.django_db
def test_section_image_is_a_rendition_with_alt_text(client, procedure_index):
    image = wagtail_factories.ImageFactory(title="Spine model")
    page = ProcedurePageFactory(
        parent=procedure_index,
        sections__0__overview__image=image,
        sections__0__overview__alt_text="A model of the lumbar spine",
        sections__0__overview__caption="The lumbar spine",
    )
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    rendition = data["sections"][0]["value"]["image"]
    assert set(rendition) >= {"url", "width", "height", "alt"}
    assert rendition["alt"] == "A model of the lumbar spine"
    assert rendition["caption"] == "The lumbar spine"
    assert rendition["url"].startswith("/media/images/")
    assert isinstance(rendition["width"], int) and rendition["width"] > 0
    assert "id" not in rendition


@pytest.mark.django_db
def test_hero_image_is_a_rendition(client, procedure_index):
    image = wagtail_factories.ImageFactory(title="Hero", description="Surgeon at work")
    page = ProcedurePageFactory(parent=procedure_index, hero_image=image)
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert data["hero_image"]["alt"] == "Surgeon at work"
    assert data["hero_image"]["url"].startswith("/media/images/")
    assert {"width", "height"} <= set(data["hero_image"])


@pytest.mark.django_db
def test_listing_by_type_with_fields(client, demo_site):
    data = get_json(client, LIST_URL + "&limit=100")
    assert data["meta"]["total_count"] >= 9
    titles = {item["title"] for item in data["items"]}
    assert {"Vertebroplasty", "Kyphoplasty", "Colonoscopy"} <= titles
    for item in data["items"]:
        assert item["summary"]
        assert item["sections"][0]["type"] == "overview"


@pytest.mark.django_db
def test_drafts_and_private_pages_never_appear(client, procedure_index, article_index):
    ProcedurePageFactory(parent=procedure_index, title="Public")
    draft = ProcedurePageFactory(parent=procedure_index, title="Draft", live=False)
    private = ProcedurePageFactory(parent=procedure_index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    data = get_json(client, LIST_URL)
    assert [item["title"] for item in data["items"]] == ["Public"]
    get_json(client, f"/api/v2/pages/{draft.pk}/", status=404)
    get_json(client, f"/api/v2/pages/{private.pk}/", status=404)


@pytest.mark.django_db
def test_draft_featured_articles_are_not_exposed(client, procedure_index, article_index):
    page = ProcedurePageFactory(parent=procedure_index)
    ProcedureFeaturedArticleFactory(
        page=page, article=ArticlePageFactory(parent=article_index, title="Live one")
    )
    ProcedureFeaturedArticleFactory(
        page=page, article=ArticlePageFactory(parent=article_index, title="Draft", live=False)
    )
    detail = get_json(client, f"/api/v2/pages/{page.pk}/")
    listing = get_json(client, LIST_URL.replace("sections", "featured_articles"))
    assert [a["title"] for a in detail["featured_articles"]] == ["Live one"]
    assert [a["title"] for a in listing["items"][0]["featured_articles"]] == ["Live one"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?bogus=1", "bogus"),
        ("?type=nope.Nope", "type"),
        ("?type=procedures.ProcedurePage&limit=101", "limit"),
        ("?limit=-1", "limit"),
        ("?offset=abc", "offset"),
        ("?type=procedures.ProcedurePage&fields=nonsense", "nonsense"),
        ("?type=procedures.ProcedurePage&order=nonsense", "nonsense"),
        ("?rich_text_format=nonsense", "rich_text_format"),
    ],
)
@pytest.mark.django_db
def test_bad_parameters_are_a_400_with_a_json_message(client, home, query, named):
    data = get_json(client, "/api/v2/pages/" + query, status=400)
    assert named in data["message"] or named.split("_")[0] in data["message"]


@pytest.mark.django_db
def test_limit_max_is_100(client, home):
    get_json(client, "/api/v2/pages/?limit=100")
    get_json(client, "/api/v2/pages/?limit=101", status=400)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        get_json(client, url)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_api_list_query_count_does_not_grow_with_the_number_of_pages(
    client, procedure_index, article_index, django_assert_max_num_queries
):
    def make_page():
        page = ProcedurePageFactory(
            parent=procedure_index,
            hero_image=wagtail_factories.ImageFactory(),
            sections__0__overview__image=wagtail_factories.ImageFactory(),
            sections__0__overview__alt_text="alt",
            sections__1="risks",
            sections__2="aftercare",
        )
        ProcedureFeaturedArticleFactory(page=page, article=ArticlePageFactory(parent=article_index))

    url = (
        "/api/v2/pages/?type=procedures.ProcedurePage&limit=100"
        "&fields=summary,sections,hero_image,hero_image_thumbnail,featured_articles,also_known_as"
    )
    make_page()
    get_json(client, url)  # renditions are generated once, on first use
    baseline = count_queries(client, url)
    for _ in range(15):
        make_page()
    get_json(client, url)
    with django_assert_max_num_queries(baseline):
        data = get_json(client, url)
    assert len(data["items"]) == 16
    assert all(item["sections"][0]["value"]["image"]["url"] for item in data["items"])


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ProcedurePage, ArticlePage])
def test_every_field_listed_alone_keeps_the_query_count_flat(
    client, procedure_index, article_index, model
):
    """A list leaves the StreamFields it does not show in the database
    (`cms.api.unshown_streams`): a field that read one anyway (a serializer with
    `source="*"`) would cost a query per page, and this would count it."""
    label = f"{model._meta.app_label}.{model.__name__}"

    def make_page():
        if model is ProcedurePage:
            page = ProcedurePageFactory(parent=procedure_index)
            ProcedureFeaturedArticleFactory(
                page=page, article=ArticlePageFactory(parent=article_index)
            )
        else:
            ArticlePageFactory(parent=article_index)

    make_page()
    names = [field.name for field in model.api_fields]
    baseline = {}
    for name in names:
        url = f"/api/v2/pages/?type={label}&fields={name}&limit=100"
        get_json(client, url)
        baseline[name] = count_queries(client, url)
    for _ in range(3):
        make_page()
    for name in names:
        url = f"/api/v2/pages/?type={label}&fields={name}&limit=100"
        assert count_queries(client, url) <= baseline[name], name


@pytest.mark.django_db
def test_a_list_reads_no_stream_it_does_not_show(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index)
    with CaptureQueriesContext(connection) as context:
        data = get_json(client, "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary")
    sql = " ".join(q["sql"] for q in context.captured_queries)
    assert '"procedures_procedurepage"."summary"' in sql
    assert '"procedures_procedurepage"."sections"' not in sql
    assert '"procedures_procedurepage"."references"' not in sql
    assert data["items"][0]["summary"]
    with CaptureQueriesContext(connection) as context:
        data = get_json(client, "/api/v2/pages/?type=procedures.ProcedurePage&fields=sections")
    sql = " ".join(q["sql"] for q in context.captured_queries)
    assert '"procedures_procedurepage"."sections"' in sql
    assert data["items"][0]["sections"]


@pytest.mark.django_db
def test_a_page_list_loads_only_what_its_fields_show(client, procedure_index, article_index):
    page = ProcedurePageFactory(parent=procedure_index, hero_image=wagtail_factories.ImageFactory())
    ProcedureFeaturedArticleFactory(page=page, article=ArticlePageFactory(parent=article_index))
    base = "/api/v2/pages/?type=procedures.ProcedurePage"
    tables = ("procedures_procedurefeaturedarticle", "wagtailimages_image", "editorial_")

    def read(url):
        with CaptureQueriesContext(connection) as context:
            data = get_json(client, url)
        sql = " ".join(q["sql"] for q in context.captured_queries)
        return {table for table in tables if table in sql}, data

    assert read(f"{base}&fields=summary")[0] == set()
    shown, data = read(f"{base}&fields=featured_articles,hero_image,authors")
    assert shown == set(tables)
    (item,) = data["items"]
    assert item["featured_articles"] and item["hero_image"]


@pytest.mark.django_db
def test_each_listed_page_has_its_own_detail_url(client, procedure_index):
    pages = [ProcedurePageFactory(parent=procedure_index) for _ in range(3)]
    data = get_json(client, "/api/v2/pages/?type=procedures.ProcedurePage")
    urls = {item["id"]: item["meta"]["detail_url"] for item in data["items"]}
    for page in pages:
        assert urls[page.pk] == f"http://testserver/api/v2/pages/{page.pk}/"
