from django.urls import re_path

from core.http_cache.query import reads_query

from . import paths, views

app_name = "providers"

# Under the language's word (`cms.urls`, `providers.paths`): /doctors/…, /es/medicos/….
urlpatterns = [
    re_path(r"^(?P<npi>[0-9]{10})-(?P<slug>[-a-z0-9]*)/$", views.provider_profile, name="profile"),
    re_path(r"^(?P<npi>[0-9]{10})/$", views.provider_profile, name="profile_by_npi"),
]


@reads_query()  # as the profile: it reads none
def redirect_profile_to_own_word(request, rest):
    """`/es/doctors/<npi>-<name>/`, the Spanish edition's first address of a profile:
    permanently to `/es/medicos/<npi>-<name>/` (`providers.paths`)."""
    base = request.path[: -len(f"{paths.LEGACY_WORD}/{rest}")]
    return paths.redirect_to_own_word(request, base, rest)


# Under the legacy word, after the language's own (`cms.urls`): in English, where the
# words are the same, the patterns above answer first.
legacy_urlpatterns = (
    [
        re_path(
            r"^(?P<rest>[0-9]{10}(?:-[-a-z0-9]*)?/)$",
            redirect_profile_to_own_word,
            name="legacy_profile",
        )
    ],
    "providers_legacy",
)
