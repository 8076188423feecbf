"""Public routes of the webhooks app: only the development receiver (see views)."""

from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [path("demo-receiver/", views.demo_receiver, name="demo_receiver")]
