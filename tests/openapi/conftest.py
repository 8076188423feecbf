import pytest

import wagtail_factories
from wagtail.models import Locale

from procedures.models import ProcedurePage


@pytest.fixture
def api_content(demo_site):
    """The demo site plus what it lacks for every schema to be exercised: an image (as a
    procedure's hero image and in a section), a document, and the vertebroplasty page in
    Spanish (`?locale=es`, `?translation_of=`)."""
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
    spanish_translation(page)
    return demo_site


def spanish_translation(page):
    """`page`'s live Spanish translation (and its parents'), made as an editor's
    "Translate" makes it, unless the demo content has one already."""
    spanish = Locale.objects.get(language_code="es")
    translated = page.get_translation_or_none(spanish)
    if translated is None:
        translated = page.copy_for_translation(spanish, copy_parents=True)
    translated.save_revision().publish()
    return translated
