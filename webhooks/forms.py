"""The endpoint form: events as checkboxes, and a secret shown once.

On creation the form offers a freshly generated secret to copy into the receiving
app. Afterwards the secret is never rendered again (the list shows its last four
characters): leaving the field blank keeps it, typing a new one replaces it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .events import EVENT_CHOICES
from .signing import new_secret


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Each event selected sends one signed POST to the URL."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        secret = self.fields["secret"]
        if self.instance.pk:
            secret.required = False
            secret.widget = forms.PasswordInput(render_value=False)
            secret.help_text = _(
                "Hidden once saved (it ends in %(last4)s). Leave blank to keep it; "
                "type a new one to replace it."
            ) % {"last4": self.instance.secret[-4:]}
        else:
            secret.initial = new_secret()
            secret.help_text = _(
                "Copy it now into the receiving app: it will not be shown again. "
                "It signs every delivery (HMAC-SHA256)."
            )

    def clean_secret(self):
        value = self.cleaned_data.get("secret", "")
        if not value and self.instance.pk:
            return self.instance.secret
        if len(value) < 16:
            raise forms.ValidationError(_("Use at least 16 characters."))
        return value
