"""Spanish pages for tests, made as an editor's "Translate" makes them
(`Page.copy_for_translation`) and published."""

from wagtail.models import Locale


def spanish():
    return Locale.objects.get(language_code="es")


def translate(page, title=None, slug=None, publish=True, locale=None):
    """`page`'s translation (its parents translated first where they are not), given a
    Spanish `title` and `slug` if named, published unless `publish` is False."""
    locale = locale or spanish()
    translated = page.get_translation_or_none(locale)
    if translated is None:
        parent = page.get_parent()
        if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
            translate(parent.specific, locale=locale)
        translated = page.copy_for_translation(locale)
    translated = translated.specific
    if title:
        translated.title = title
    if slug:
        translated.slug = slug
    revision = translated.save_revision()
    if publish:
        revision.publish()
        translated.refresh_from_db()
    return translated
