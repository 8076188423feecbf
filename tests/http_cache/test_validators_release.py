"""The release digest behind validators and cached fragments covers everything a page is
made from: a deploy that changes any app's code must not revalidate (or serve from a
shared cache) what the old code rendered."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.http_cache.middleware import RELEASE_FOLDERS, RELEASE_SUFFIXES


def test_every_project_app_and_the_catalogs_are_in_the_release_digest():
    base = Path(settings.BASE_DIR).resolve()
    own = {
        Path(config.path).resolve().relative_to(base).parts[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
    } - {".venv"}  # installed packages, when the virtualenv lives in the project
    assert own  # the project's apps were found
    assert own <= set(RELEASE_FOLDERS), own - set(RELEASE_FOLDERS)
    assert {"templates", "static", "locale"} <= set(RELEASE_FOLDERS)
    assert ".mo" in RELEASE_SUFFIXES
