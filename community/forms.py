"""The activity editor's form: links to local problems, and cancelled or moved occurrences checked
against the schedule being saved."""

from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from community.problems import has_problem_sources, problem_choices
from community.validation import exception_date_problem

SCHEDULE_INPUTS = ("starts_at", "ends_at", "all_day", "recurrence", "recurrence_interval", "recurrence_until")


class ActivityPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "local_problems" not in self.fields:
            return
        if not has_problem_sources():
            del self.fields["local_problems"]  # the safety-walk app is not installed
            return
        self.fields["local_problems"] = forms.MultipleChoiceField(
            label=_("Local problems it takes up"),
            choices=problem_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Findings from safety walks or theme meetings that this activity works on."),
        )

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        return self._exceptions_fit_the_schedule()

    def _exceptions_fit_the_schedule(self) -> bool:
        formset = self.formsets.get("occurrence_exceptions")
        if formset is None:
            return True
        schedule = SimpleNamespace(**{name: self.cleaned_data.get(name) for name in SCHEDULE_INPUTS})
        ok = True
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed() and form.instance.pk is None:
                continue
            occurrence_date = form.cleaned_data.get("occurrence_date")
            if occurrence_date is None:
                continue
            problem = exception_date_problem(schedule, occurrence_date)
            if problem:
                form.add_error("occurrence_date", problem)
                ok = False
        return ok
