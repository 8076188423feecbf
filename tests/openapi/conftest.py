import pytest

import wagtail_factories

from procedures.models import ProcedurePage


@pytest.fixture
def api_content(demo_site):
    """The demo site plus what it lacks for every schema to be exercised: an image (as a
    procedure's hero image and in a section) and a document."""
    image = wagtail_factories.ImageFactory(title="Spine model")
    wagtail_factories.DocumentFactory(title="Consent form")
    page = ProcedurePage.objects.live().get(slug="vertebroplasty")
    page.hero_image = image
    sections = list(page.sections.raw_data)
    sections[0]["value"]["image"] = image.pk
    sections[0]["value"]["alt_text"] = "A model of the spine"
    sections.append(
        {"type": "image", "value": {"image": image.pk, "alt_text": "Spine", "caption": "Model"}}
    )
    page.sections = sections
    page.save_revision().publish()
    return demo_site
