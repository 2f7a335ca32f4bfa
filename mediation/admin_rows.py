"""The rows of mediation's admin lists, written in one pass instead of a template per row, cell and button.

modeladmin renders a list of 50 cases through about 400 included templates (a row, each cell, each button),
each copying the whole admin context; that cost more than the rest of the list. Here each row is written
with format_html, with the same markup (cell classes, the primary link, the row's buttons). Which buttons a
row shows is still asked of the view's button helper, row by row, so the policy still decides.
"""

import datetime

from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_NBSP = SafeString("&nbsp;")  # a constant: nothing of a row in it


class _Column:
    """One list_display entry: a model field, or a method of the model admin or model."""

    def __init__(self, model_admin, name: str):
        self.name = name
        self.empty = model_admin.get_empty_value_display(name)
        try:
            self.field = model_admin.model._meta.get_field(name)
        except FieldDoesNotExist:
            self.field = None
            self.method = getattr(model_admin, name, None)
            if self.method is None:
                self.method = lambda obj, name=name: getattr(obj, name)
            self.empty = getattr(self.method, "empty_value_display", self.empty)
        nowrap = isinstance(self.field, models.DateField | models.TimeField | models.ForeignKey)
        self.classes = f"field-{name} title{' nowrap' if nowrap else ''}"

    def cell(self, obj) -> tuple[str, str]:
        """What the cell shows, and its classes."""
        if self.field is None:
            value = self.method(obj)
            shown = self.empty if value is None or value == "" else display_for_value(value, self.empty)
            nowrap = isinstance(value, datetime.date | datetime.time)
            return shown, f"{self.classes} nowrap" if nowrap else self.classes
        if isinstance(self.field, models.ForeignKey):
            related = getattr(obj, self.field.name)
            return (self.empty if related is None else str(related)), self.classes
        return display_for_field(getattr(obj, self.field.attname), self.field, self.empty), self.classes


def _button(button: dict):
    return format_html(
        '<li><a href="{}" class="{}" title="{}">{}</a></li>',
        button["url"],
        button["classname"],
        button["title"],
        button["label"],
    )


def rendered_rows(view, object_list, request):
    """The `<tr>` of every object on the page, as one safe string."""
    model_admin = view.model_admin
    names = model_admin.get_list_display(request)
    columns = [_Column(model_admin, name) for name in names]
    with_buttons = model_admin.get_list_display_add_buttons(request)
    helper = view.button_helper
    rows = []
    for index, obj in enumerate(object_list):
        cells = []
        for column in columns:
            shown, classes = column.cell(obj)
            if str(shown) == "":
                shown = _NBSP
            if column.name != with_buttons:
                cells.append(format_html('<td class="{}">{}</td>', classes, shown))
                continue
            primary = helper.get_primary_button(obj)
            if primary is not None and primary.get("url"):
                shown = format_html(
                    '<div class="title-wrapper"><a href="{}" title="{}">{}</a></div>',
                    primary["url"],
                    primary.get("title", ""),
                    shown,
                )
            buttons = view.get_buttons_for_obj(obj)
            actions = format_html(
                '<ul class="actions">{}</ul>', format_html_join("", "{}", ((_button(b),) for b in buttons))
            )
            cells.append(format_html('<td class="{}">{}{}</td>', classes, shown, actions if buttons else ""))
        rows.append(
            format_html(
                '<tr data-object-pk="{}" class="{}">{}</tr>',
                obj.pk,
                "odd" if index % 2 == 0 else "even",
                format_html_join("", "{}", ((cell,) for cell in cells)),
            )
        )
    return format_html_join("\n", "{}", ((row,) for row in rows))
