"""A modeladmin list's rows and filters written in one pass, in Python: the markup modeladmin's templates make.

modeladmin renders every cell through `lookup_field` and two inclusion tags (`result_row_display`,
`result_row_value_display`), every row button through an `{% include %}` and every filter through a template:
about 400 template renders for a page of 50 rows, two thirds of a long list's time (issue #18). Here each column
is resolved once per list (a model field, or a method of the ModelAdmin) and each row is one string; which buttons
a row shows is still asked of the view, row by row, so the policy still decides. The table's head is Django's
`result_headers`. A ModelAdmin uses it with `index_template_name = "boligsocial/admin/modeladmin_index.html"`
(tags `listed_rows` and `listed_filters` in estates/templatetags/boligsocial_admin_lists.py).

A related column may be shown from a text the list's queryset reads along, so the related objects are not built
for the list (a Wagtail page is costly to build): `list_display_read_along = {"walk": "walk_title"}` on the
ModelAdmin, with the queryset annotated `walk_title=F("walk__title")`, what str() of the related object gives.
A ModelAdmin with `read_along_rows(objects)` is given the page's objects (a list) before their rows are written, to
read what its columns show of other rows for the whole page at once (and returns them).
"""

import datetime
import html

from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.templatetags.modeladmin_tags import admin_list_filter

NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)
EMPTY_CELL = mark_safe("&nbsp;")


def escape(value) -> str:
    """Django's escape (the same five characters), without its lazy-string wrapper: it runs for every cell."""
    return html.escape(str(value))


def conditional_escape(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def overrides(model_admin, name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(ModelAdmin, name)


class Column:
    """One entry of `list_display`: how to get a row's value and show it, decided once per list."""

    def __init__(self, name, model_admin, is_button_column: bool):
        self.name = name
        self.model_admin = model_admin
        self.is_button_column = is_button_column
        self.empty = model_admin.get_empty_value_display(name)
        self.field = None
        self.method = None
        self.read_along = getattr(model_admin, "list_display_read_along", {}).get(name)
        opts = model_admin.model._meta
        try:
            self.field = opts.get_field(name)
        except FieldDoesNotExist:
            self.method = getattr(model_admin, name, None)
            if self.method is None:
                attr = getattr(model_admin.model, name)
                self.method = (lambda obj: getattr(obj, name)()) if callable(attr) else (lambda obj: getattr(obj, name))
            else:
                self.empty = getattr(self.method, "empty_value_display", self.empty)
        self.classes = [f"field-{name}", "title"]
        if self.field is not None and isinstance(self.field, NOWRAP_FIELDS):
            self.classes.append("nowrap")
        self.choices = dict(self.field.flatchoices) if self.field is not None and self.field.flatchoices else None
        self.per_row_attrs = overrides(model_admin, "get_extra_class_names_for_field_col") or overrides(
            model_admin, "get_extra_attrs_for_field_col"
        )
        self.opening = f"<td{flatatt({'class': ' '.join(self.classes)})}>"

    def shown(self, obj):
        """The cell's content, as modeladmin's items_for_result shows it (escaped unless marked safe)."""
        if self.method is not None:
            value = self.method(obj)
            if isinstance(value, Promise):
                value = str(value)
            boolean = getattr(self.method, "boolean", False)
            if value and not boolean and type(value) in (str, SafeString):
                return value, False  # what display_for_value makes of a text
            shown = display_for_value(value, self.empty, boolean)
            if boolean or not value or getattr(self.method, "allow_tags", False):
                shown = mark_safe(shown)  # noqa: S308  (modeladmin's rule: an icon, the empty sign, or allow_tags)
            return shown, isinstance(value, (datetime.date, datetime.time))
        if self.read_along is not None:
            value = getattr(obj, self.read_along)
            return (self.empty, False) if value is None else (value, False)
        value = getattr(obj, self.field.attname if not self.field.is_relation else self.field.name)
        if self.choices is not None:
            return self.choices.get(value, self.empty), False
        if value is None:
            return self.empty, False
        if isinstance(self.field, (models.CharField, models.TextField)) and not self.field.is_relation:
            return value, False
        return display_for_field(value, self.field, self.empty), False

    def cell(self, obj, primary_button, buttons_html) -> str:
        shown, is_date = self.shown(obj)
        shown = conditional_escape(shown)
        if shown == "":
            shown = EMPTY_CELL
        if is_date or self.per_row_attrs:
            classes = self.classes + (["nowrap"] if is_date else [])
            classes += self.model_admin.get_extra_class_names_for_field_col(obj, self.name)
            attrs = self.model_admin.get_extra_attrs_for_field_col(obj, self.name)
            attrs["class"] = " ".join(classes)
            opening = f"<td{flatatt(attrs)}>"
        else:
            opening = self.opening
        if not self.is_button_column:
            return f"{opening}{shown}</td>"
        if primary_button is not None and primary_button.get("url"):
            shown = (
                f'<div class="title-wrapper"><a href="{escape(primary_button["url"])}" '
                f'title="{escape(primary_button.get("title", ""))}">{shown}</a></div>'
            )
        return f"{opening}{shown}{buttons_html}</td>"


def button_html(button: dict) -> str:
    """modeladmin/includes/button.html, without a template for the usual button (no icon)."""
    if button.get("icon"):
        return render_to_string("modeladmin/includes/button.html", {"button": button})
    href = f' href="{escape(button["url"])}"' if button.get("url") else ""
    extra = "".join(f' {name}="{escape(button[name])}"' for name in ("target", "rel") if button.get(name))
    return (
        f'<a{href} class="{escape(button["classname"])}" title="{escape(button.get("title", ""))}"{extra}>'
        f"{escape(button['label'])}</a>"
    )


def buttons_html(buttons: list[dict]) -> str:
    if not buttons:
        return ""
    return '<ul class="actions">' + "".join(f"<li>{button_html(button)}</li>" for button in buttons) + "</ul>"


def result_rows(view, object_list, context) -> SafeString:
    """The `<tr>` rows of the list's page, as modeladmin's result_list.html shows them."""
    model_admin = view.model_admin
    button_column = model_admin.get_list_display_add_buttons(view.request)
    columns = [Column(name, model_admin, name == button_column) for name in view.list_display]
    button_helper = view.button_helper
    row_attrs = overrides(model_admin, "get_extra_attrs_for_row")
    read_along_rows = getattr(model_admin, "read_along_rows", None)
    if read_along_rows is not None:
        # What the columns show of related rows, read for the page's rows at once (see the module's docstring).
        object_list = read_along_rows(list(object_list))
    rows = []
    for index, obj in enumerate(object_list):
        parity = "odd" if index % 2 == 0 else "even"
        if row_attrs:
            attrs = model_admin.get_extra_attrs_for_row(obj, context)
            attrs["data-object-pk"] = obj.pk
            attrs["class"] = f"{attrs['class']} {parity}" if "class" in attrs else parity
            opening = f"<tr{flatatt(attrs)}>"
        else:
            opening = f'<tr class="{parity}" data-object-pk="{escape(obj.pk)}">'
        primary = button_helper.get_primary_button(obj)
        actions = buttons_html(view.get_buttons_for_obj(obj))
        cells = "".join(column.cell(obj, primary, actions) for column in columns)
        rows.append(f"{opening}{cells}</tr>")
    return mark_safe("".join(rows))  # noqa: S308  (every value above is escaped or already safe)


def list_filter_html(view, spec) -> str:
    """modeladmin/includes/filter.html for one filter (a filter with a template of its own keeps it)."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(view, spec)
    items = []
    for choice in spec.choices(view):
        selected = ' class="selected"' if choice["selected"] else ""
        href = escape(iri_to_uri(choice["query_string"]))
        items.append(f'<li{selected}><a href="{href}">{conditional_escape(choice["display"])}</a></li>')
    title = gettext("By %(filter_title)s") % {"filter_title": conditional_escape(spec.title)}
    return f"{title}<ul>{''.join(items)}</ul>"


def list_filters(view) -> SafeString:
    """Every filter of the list's sidebar."""
    return mark_safe("".join(list_filter_html(view, spec) for spec in view.filter_specs))  # noqa: S308  (escaped)
