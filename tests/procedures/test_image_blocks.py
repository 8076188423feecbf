"""Image blocks load their images, and the renditions they show, in bulk."""

import pytest

import wagtail_factories

from procedures.blocks import SECTION_IMAGE_SPEC, RenditionImageChooserBlock


@pytest.mark.django_db
def test_an_image_used_twice_gets_its_own_instance_each_as_wagtail_guarantees(
    django_assert_num_queries,
):
    image = wagtail_factories.ImageFactory()
    other = wagtail_factories.ImageFactory()
    image.get_rendition(SECTION_IMAGE_SPEC)
    block = RenditionImageChooserBlock()

    with django_assert_num_queries(2):  # the images, then their renditions
        first, missing, second, third = block.bulk_to_python([image.pk, None, image.pk, other.pk])

    assert missing is None
    assert (first.pk, second.pk, third.pk) == (image.pk, image.pk, other.pk)
    assert first is not second  # no shared state between two uses of one image
    with django_assert_num_queries(0):  # the rendition came with the images
        assert (
            first.get_rendition(SECTION_IMAGE_SPEC).url
            == second.get_rendition(SECTION_IMAGE_SPEC).url
        )


@pytest.mark.django_db
def test_no_images_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert RenditionImageChooserBlock().bulk_to_python([None, None]) == [None, None]
