"""The user's email choices as a panel of Wagtail's account settings (Notifications tab), which every admin
user reaches, partners included: new items, deadline reminders and the weekly digest, each on its own."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from estates import preferences
from estates.models import MailPreferences


class MailPreferencesForm(forms.ModelForm):
    class Meta:
        model = MailPreferences
        fields = ["new_items", "reminders", "digest"]
        labels = {
            "new_items": _("Email me about new items"),
            "reminders": _("Email me deadline reminders"),
            "digest": _("Email me the weekly digest"),
        }

    def save(self, commit=True):
        # Through the one service that writes choices (the unsubscribe link uses it too).
        return preferences.preferences_set(user=self.instance.user, **self.cleaned_data)


class MailPreferencesPanel(BaseSettingsPanel):
    name = "boligsocial_mail"
    title = _("Emails from the social-housing team")
    tab = notifications_tab
    order = 200
    form_class = MailPreferencesForm

    def get_form(self):
        instance = preferences.preferences_of(self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=instance, prefix=self.name)
        return self.form_class(instance=instance, prefix=self.name)
