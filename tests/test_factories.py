"""Every page model has a factory (so tests and benchmarks can build any page)."""

import importlib

from django.apps import apps

from wagtail.models import Page, get_page_models

PROJECT_APPS = ("home", "procedures", "providers")


def project_factories():
    found = {}
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            model = getattr(getattr(value, "_meta", None), "model", None)
            if isinstance(model, type):
                found[model] = value
    return found


def test_every_project_page_model_has_a_factory():
    factories = project_factories()
    page_models = [
        model
        for model in get_page_models()
        if model is not Page
        and apps.get_containing_app_config(model.__module__).name in PROJECT_APPS
    ]
    assert page_models, "no project page models found"
    missing = [model.__name__ for model in page_models if model not in factories]
    assert missing == []
