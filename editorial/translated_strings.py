"""A translator's text for a page field, checked as Wagtail's page form checks it.

wagtail-localize's editor stores each translated string as typed and writes it into the
page when the translation is saved or published. Nothing checked what a database
column or Wagtail's own form would refuse: a title of spaces published a page with no
heading, and a title or slug longer than its column was a server error (PostgreSQL
refused the draft title wagtail-localize copies from every title string, then the page
itself), with the translator's work in limbo.

Such a string is now stored the way wagtail-localize stores any string it cannot use:
kept as typed, flagged `has_error` with the reason in `field_error` (its editor shows
the reason on the segment, and leaves the string out of the page, which keeps its last
good text until the translator fixes it). The draft-title copy skips a flagged title.
"""

from wagtail_localize.models import (
    StringTranslation,
    TranslationSource,
    post_save_string_translation,
)

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.utils.text import slugify


def string_field(string_translation):
    """The model field a translated string fills (a plain text field named by the
    string's context path), or None (rich text, a block, a related object)."""
    context = string_translation.context
    if "." in context.path:
        return None
    source = TranslationSource.objects.filter(object_id=context.object_id).first()
    model = source.specific_content_type.model_class() if source else None
    if model is None:
        return None
    try:
        field = model._meta.get_field(context.path)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.CharField | models.TextField) else None


def string_error(string_translation):
    """Why the page field could not take this text (a message in the active language),
    or None. Slugs are measured as wagtail-localize writes them (slugified)."""
    field = string_field(string_translation)
    if field is None:
        return None
    value = string_translation.data or ""
    if isinstance(field, models.SlugField):
        value = slugify(value, allow_unicode=True)
    if not field.blank and not value.strip():
        return str(field.error_messages["blank"])
    if field.max_length is not None:
        try:
            MaxLengthValidator(field.max_length)(value)
        except ValidationError as error:
            return error.messages[0]
    return None


def flag_unusable_string(sender, instance, raw=False, **kwargs):
    """Before a translated string is stored: flag it if its page field would refuse it.
    A string already flagged (bad HTML, links) keeps wagtail-localize's reason."""
    if raw or instance.has_error:
        return
    error = string_error(instance)
    if error is not None:
        instance.has_error = True
        instance.field_error = error


def copy_usable_title(sender, instance, **kwargs):
    """wagtail-localize's copy of a title string to the page's draft title, for a title
    the page can take."""
    if instance.has_error and instance.context.path == "title":
        return
    post_save_string_translation(instance=instance, **kwargs)


def connect():
    """Called once, from `EditorialConfig.ready`."""
    pre_save.connect(flag_unusable_string, sender=StringTranslation)
    post_save.disconnect(post_save_string_translation, sender=StringTranslation)
    post_save.connect(copy_usable_title, sender=StringTranslation)
