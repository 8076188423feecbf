"""What the design promises a visitor: light pages, responsive images, a whole outline."""

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.contrib.staticfiles import finders

import wagtail_factories

from procedures.blocks import SECTION_IMAGE_SRCSET, ImageBlock, OverviewBlock
from procedures.factories import ArticlePageFactory

PAGE_BUDGET_BYTES = 100 * 1024


def linked_stylesheets(html):
    """The files of every stylesheet the page links (screen and print)."""
    paths = []
    for link in BeautifulSoup(html, "html.parser").select('link[rel="stylesheet"]'):
        name = link["href"].removeprefix(settings.STATIC_URL)
        path = finders.find(name)
        assert path, f"{link['href']} is not a static file"
        paths.append(path)
    return paths


@pytest.mark.django_db
def test_procedure_page_html_and_its_css_weigh_under_100_kb(client, demo_site):
    response = client.get("/procedures/vertebroplasty/")
    assert response.status_code == 200
    stylesheets = linked_stylesheets(response.content)
    assert any(path.endswith("site.css") for path in stylesheets)
    total = len(response.content) + sum(len(open(p, "rb").read()) for p in stylesheets)  # noqa: SIM115
    assert total < PAGE_BUDGET_BYTES, f"{total} bytes"


def rendered_img(block, value):
    html = block.render(block.to_python(value))
    img = BeautifulSoup(html, "html.parser").img
    assert img is not None, html
    return img


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("block", "extra"),
    [(ImageBlock(), {}), (OverviewBlock(), {"heading": "Overview", "body": "<p>Text</p>"})],
)
def test_image_blocks_render_a_lazy_responsive_image_with_its_size(block, extra):
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    img = rendered_img(block, {"image": image.pk, "alt_text": "A spine", **extra})

    widths = sorted(int(candidate.split()[-1][:-1]) for candidate in img["srcset"].split(","))
    assert widths == sorted(int(spec.removeprefix("width-")) for spec in SECTION_IMAGE_SRCSET)
    assert img["sizes"]
    assert (img["width"], img["height"]) == ("1200", "675")  # the largest, for the layout
    assert img["loading"] == "lazy"
    assert img["alt"] == "A spine"


class HeadingLevels(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def heading_levels(html):
    parser = HeadingLevels()
    parser.feed(html)
    return parser.levels


@pytest.mark.django_db
def test_articles_index_headings_skip_no_level(client, article_index):
    ArticlePageFactory(parent=article_index, title="Recovering at home")
    ArticlePageFactory(parent=article_index, title="Questions to ask")
    levels = heading_levels(client.get("/articles/").content.decode())
    assert levels[0] == 1
    assert levels.count(2) >= 2  # the two cards
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels
