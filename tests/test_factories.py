"""Every factory builds a valid object, and every page model and snippet has a factory.

Tests and benchmarks build their data with these factories, so a factory that makes
an object the admin would refuse (or a page nobody can reach) hides bugs everywhere.
Each page model is built with its factory under an allowed parent (itself built the
same way, up to the site root), saved, checked with `full_clean()` and the block rules
of its StreamFields, routed and rendered. Every other factory in the project's
`factories` modules is built, saved and checked with `full_clean()`, with any page it
points to built in its right place.
"""

import importlib

import factory
import pytest

from django.apps import apps
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page, Site, get_page_models
from wagtail.snippets.models import get_snippet_models

PROJECT_APPS = ("home", "procedures", "editorial", "providers")


def in_project(model):
    return apps.get_containing_app_config(model.__module__).name in PROJECT_APPS


def project_factories():
    """{model: factory} for the Django models of every project `factories` module
    (block factories are left out: their objects are checked through the pages)."""
    found = {}
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if not (isinstance(value, type) and issubclass(value, factory.Factory)):
                continue
            if value.__module__ != module.__name__ or value._meta.abstract:
                continue
            model = value._meta.model
            if isinstance(model, type) and issubclass(model, models.Model):
                found[model] = value
    return found


FACTORIES = project_factories()
PAGE_MODELS = [model for model in get_page_models() if model is not Page and in_project(model)]
SNIPPET_MODELS = [model for model in get_snippet_models() if in_project(model)]
OTHER_FACTORIES = [f for model, f in FACTORIES.items() if not issubclass(model, Page)]


def factory_for(model):
    if model not in FACTORIES:
        pytest.fail(f"{model.__name__} has no factory in {', '.join(PROJECT_APPS)}/factories.py")
    return FACTORIES[model]


def build_page(model, built):
    """A saved `model` page from its factory, under the first parent type it allows
    (built the same way, once per model); a page at the root becomes the site root."""
    if model in built:
        return built[model]
    parent_model = model.allowed_parent_page_models()[0]
    if parent_model is Page:
        parent = Page.get_first_root_node()
        parent.get_children().delete()  # Wagtail's placeholder page holds the slug "home"
    else:
        parent = build_page(parent_model, built)
    assert model.can_create_at(parent), f"{model.__name__} may not be created under {parent}"
    page = factory_for(model)(parent=parent)
    if parent_model is Page:
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", port=80, root_page=page, is_default_site=True)
    built[model] = page
    return page


def test_every_project_page_model_has_a_factory():
    assert PAGE_MODELS, "no project page models found"
    missing = [model.__name__ for model in PAGE_MODELS if model not in FACTORIES]
    assert missing == []


def test_every_project_snippet_has_a_factory():
    assert SNIPPET_MODELS, "no project snippets found"
    missing = [model.__name__ for model in SNIPPET_MODELS if model not in FACTORIES]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_page_factory_builds_a_valid_live_page_that_routes_and_renders(model, client):
    page = build_page(model, {})
    assert type(page) is model and page.pk is not None
    page.full_clean()
    for field in page._meta.fields:  # full_clean leaves block rules to the editor's form
        if isinstance(field, StreamField):
            field.stream_block.clean(getattr(page, field.name))
    assert page.live

    response = client.get(page.get_url())
    assert response.status_code == 200
    assert response.context["page"] == page  # routed to this page, not a parent's route
    assert page.title in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("model_factory", OTHER_FACTORIES, ids=lambda f: f.__name__)
def test_model_factory_builds_a_valid_saved_object(model_factory):
    model = model_factory._meta.model
    built = {}
    # Pages the object points to are built under their right parent, so the object
    # is checked as it exists on a site (a page made at the tree's root is not).
    pages = {
        field.name: build_page(field.related_model, built)
        for field in model._meta.concrete_fields
        if field.is_relation and issubclass(field.related_model, Page)
    }
    instance = model_factory(**pages)
    assert type(instance) is model
    instance.refresh_from_db()  # what was saved, not what the factory holds in memory
    instance.full_clean()
