from django.urls import re_path

from . import views

app_name = "providers"

urlpatterns = [
    re_path(r"^(?P<npi>[0-9]{10})-(?P<slug>[-a-z0-9]*)/$", views.provider_profile, name="profile"),
    re_path(r"^(?P<npi>[0-9]{10})/$", views.provider_profile, name="profile_by_npi"),
]
