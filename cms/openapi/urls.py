"""URLs of the contract, mounted under /api/v2/ before the router's endpoints."""

from django.urls import path

from . import views

urlpatterns = [
    path("openapi.json", views.openapi_json, name="openapi"),
    path("docs/", views.docs, name="api-docs"),
]
