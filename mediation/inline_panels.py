"""The case form's inline panels (parties, meetings, agreements, referrals), as Wagtail's, with less work per request.

- Each list of choices (the outreach workers of a referral) is read once for all of a panel's forms, the empty
  one included, instead of once per form.
- The empty form (Wagtail's hidden "add another" template) has no case data: what it shows follows only from the
  language (labels, help texts, headings), its initial values (a date's default is today) and its choices. Its
  fields are rendered once per process for each such combination, and the same HTML is used after that.
"""

from threading import Lock

from django.forms.models import ModelChoiceField
from django.forms.widgets import ChoiceWidget
from django.utils.translation import get_language
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel

RENDERED_EMPTY_FORMS = 64  # combinations kept (panels x languages x days x lists of choices)
_rendered: dict[tuple, str] = {}
_rendered_lock = Lock()


def _shows_choices(widget) -> bool:
    return isinstance(widget, ChoiceWidget)


class ChoicesReadOnceFormSet(BaseChildFormSet):
    """A formset whose forms share each model field's list of choices, read from the database once."""

    def _with_shared_choices(self, form):
        read = self.__dict__.setdefault("_read_choices", {})
        for name, field in form.fields.items():
            # The choices shown in a list or a set of boxes; not the hidden `id` (it checks its own value).
            if isinstance(field, ModelChoiceField) and _shows_choices(field.widget):
                if name not in read:
                    read[name] = list(iter(field.choices))  # iterated, not counted first
                field.choices = read[name]  # what is shown; a sent value is still checked against the queryset
        return form

    def _construct_form(self, i, **kwargs):
        return self._with_shared_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._with_shared_choices(super().empty_form)


def _empty_form_key(panel, child) -> tuple:
    """Everything the empty form's HTML follows from (it is never bound, so it has no errors)."""
    form = child.form
    fields = []
    for name in form.fields:
        bound_field = form[name]
        widget = bound_field.field.widget
        # The choices a list or a set of boxes shows (a hidden field shows only its value: the `id` field's
        # queryset is every row of the model).
        choices = tuple((str(value), str(label)) for value, label in widget.choices) if _shows_choices(widget) else None
        fields.append((name, type(widget).__name__, str(bound_field.value()), choices))
    return (panel.model._meta.label, panel.relation_name, child.prefix, form.prefix, get_language(), *fields)


def _rendered_once(panel, child):
    def render_form_content():
        if child.form.is_bound or child.form.instance.pk is not None:  # never the case's own data
            return type(child).render_form_content(child)
        key = _empty_form_key(panel, child)
        html = _rendered.get(key)
        if html is None:
            html = type(child).render_form_content(child)
            with _rendered_lock:
                if len(_rendered) >= RENDERED_EMPTY_FORMS:
                    _rendered.clear()
                _rendered[key] = html
        return html

    return render_form_content


class CaseInlinePanel(InlinePanel):
    """Wagtail's InlinePanel: its choices read once, its empty form's fields rendered once (see the module)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = ChoicesReadOnceFormSet
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        def js_opts(self):
            return {**super().js_opts(), "type": InlinePanel.__name__}  # what Wagtail's script is given

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None:
                self.empty_child.render_form_content = _rendered_once(self.panel, self.empty_child)
