"""Form widgets for public pages that write their markup in Python (format_html), not through Django's
template-based widget renderer: the same HTML as Django's own widgets (ids, `selected`, `required`, aria
attributes from the bound field) at a fraction of the cost of rendering each <option> as a template."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

OPTION = '\n  <option value="{}">{}</option>\n'
SELECTED_OPTION = '\n  <option value="{}" selected>{}</option>\n'


def html_attrs(attrs: dict) -> SafeString:
    """` name="value"` for each attribute in order, as Django's `attrs.html`: True writes the bare name,
    False leaves the attribute out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class PublicSelect(forms.Select):
    """A single-choice <select> (no option groups) written out directly."""

    def render(self, name, value, attrs=None, renderer=None):
        selected_values = self.format_value(value)
        options, has_selected = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in selected_values
            has_selected |= selected
            options.append((SELECTED_OPTION if selected else OPTION, option_value, label))
        attributes = html_attrs(self.build_attrs(self.attrs, attrs))
        rows = format_html_join("", "{}", ((format_html(*option),) for option in options))
        return format_html('<select name="{}"{}>{}\n</select>', name, attributes, rows)


class PublicHiddenInput(forms.HiddenInput):
    """A hidden <input> written out directly."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attributes = html_attrs(self.build_attrs(self.attrs, attrs))
        if value is None:
            return format_html('<input type="hidden" name="{}"{}>', name, attributes)
        return format_html('<input type="hidden" name="{}" value="{}"{}>', name, value, attributes)
