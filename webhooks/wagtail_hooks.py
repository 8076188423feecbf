"""Admin: a "Webhooks" menu (wagtail-modeladmin) with the endpoints and the delivery log.

Administrators only: endpoints hold secrets and decide where the site sends data, so
neither list shows for anyone but a superuser, whatever model permissions a group is
given. The delivery log is a record: listed, filtered and inspected, never edited.
"""

from django.urls import re_path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .forms import WebhookEndpointForm
from .models import Delivery, WebhookEndpoint
from .views import send_test_event


class AdminOnlyPermissionHelper(PermissionHelper):
    def user_has_specific_permission(self, user, perm_codename):
        return user.is_active and user.is_superuser

    def user_has_any_permissions(self, user):
        return user.is_active and user.is_superuser


class ReadOnlyAdminPermissionHelper(AdminOnlyPermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class EndpointButtonHelper(ButtonHelper):
    """Adds "Send test event" to each endpoint's buttons (a POST form in the listing)."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if self.permission_helper.user_can_edit_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("send_test", obj.pk),
                    "label": _("Send test event"),
                    "classname": "button button-small button-secondary",
                    "title": _("Queue an endpoint.test delivery to this endpoint"),
                }
            )
        return buttons


class WebhookEndpointAdmin(ModelAdmin):
    model = WebhookEndpoint
    menu_label = _("Endpoints")
    menu_icon = "link-external"
    permission_helper_class = AdminOnlyPermissionHelper
    button_helper_class = EndpointButtonHelper
    list_display = ("name", "url", "event_labels", "active", "masked_secret")
    list_filter = ("active",)
    search_fields = ("name", "url")
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("secret"),
            FieldPanel("active"),
        ],
        base_form_class=WebhookEndpointForm,
    )

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("send_test"),
                send_test_event,
                name=self.url_helper.get_action_url_name("send_test"),
            ),
        )


class DeliveryAdmin(ModelAdmin):
    model = Delivery
    menu_label = _("Deliveries")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyAdminPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = (
        "endpoint",
        "event",
        "event_id",
        "status",
        "attempts",
        "response_status",
        "response_body",
        "error",
        "next_retry_at",
        "created_at",
        "updated_at",
        "delivered_at",
        "body",
    )
    list_display = (
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_status",
        "next_retry_at",
    )
    list_filter = ("status", "endpoint", "event")
    search_fields = ("event",)
    list_select_related = ("endpoint",)


class WebhooksGroup(ModelAdminGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 900
    items = (WebhookEndpointAdmin, DeliveryAdmin)


modeladmin_register(WebhooksGroup)
