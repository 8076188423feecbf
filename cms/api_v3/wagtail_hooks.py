"""The permission a preview app's group needs to list the site's languages through
API v3 (`/api/v3/locales/`), offered on the admin's group page.

Wagtail's locales API answers a user with any permission on locales; the admin's
group page offers only adding, changing and deleting them (wagtail-localize's locales
admin registers those three), none of which an app that only reads should hold.
"""

from django.contrib.auth.models import Permission

from wagtail import hooks


@hooks.register("register_permissions")
def register_view_locale_permission():
    return Permission.objects.filter(content_type__app_label="wagtailcore", codename="view_locale")
