"""The case form: mediators chosen among mediation users, the author assigned by default."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from mediation import selectors


class CaseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mediators = self.fields.get("mediators")
        if mediators is not None:
            mediators.queryset = selectors.mediator_users()
            mediators.label_from_instance = lambda user: user.get_full_name() or user.get_username()
            mediators.error_messages["required"] = _("Assign at least one mediator to the case.")
            is_new = self.instance.pk is None and not self.is_bound
            if is_new and self.for_user is not None and not self.initial.get("mediators"):
                self.initial["mediators"] = [self.for_user.pk]
        parties = self.formsets.get("parties")
        if parties is not None:
            parties.error_messages = {
                **parties.error_messages,
                "too_few_forms": _("A case has at least two parties. Add the other party."),
            }
