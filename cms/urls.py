from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents import urls as wagtaildocs_urls

from core import page_passwords, page_serve
from home.sitemaps import robots_txt, sitemap_index, sitemap_section
from home.views import favicon, find_doctor, healthz, readyz, search
from providers.paths import DOCTORS_ROUTE, LEGACY_WORD
from providers.urls import legacy_urlpatterns

from .api import api_router
from .api_v3.guard import guarded_urls

# Under /api/ errors answer the API's JSON; elsewhere Django's HTML pages.
handler400 = "core.api_errors.bad_request"
handler404 = "core.api_errors.page_not_found"
handler500 = "core.api_errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include("cms.openapi.urls")),
    path("api/v2/", api_router.urls),
    path("api/v3/", guarded_urls(api_v3.urls)),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    # The development receiver `make run` delivers its demo webhooks to (webhooks.views).
    urlpatterns.insert(0, path("webhooks/", include("webhooks.urls")))

urlpatterns += [
    # Before Wagtail's own view at the same path: a limit on guesses, and a way back to
    # the page (core.page_passwords).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="authenticate_with_password",
    ),
]

# What visitors read, in every language: English unprefixed, the others under /<code>/
# (core.i18n). Wagtail serves each language's page tree from its translated home page.
urlpatterns += i18n_patterns(
    # Profiles under the language's word (/doctors/…, /es/medicos/…), then the Spanish
    # edition's first addresses (/es/doctors/…), redirected (providers.paths).
    path(DOCTORS_ROUTE, include("providers.urls")),
    path(f"{LEGACY_WORD}/", include(legacy_urlpatterns)),
    path("search/", search, name="search"),
    path("find-a-doctor/", find_doctor, name="find_doctor"),
    # Wagtail's page view, routed from the site root in the URL's language with the same
    # queries in every language (core.page_serve); then Wagtail's other URLs.
    re_path(wagtail_urls.serve_pattern, page_serve.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
