"""Wagtail's login form with a label on the password field: Wagtail gives it none, so Django shows the field's
name, "Password", in English whatever the language (issue #17's Danish admin)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")
