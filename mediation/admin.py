"""Mediation screens in the Wagtail admin (modeladmin), each one asking mediation.policy.

Every screen here:
- refuses anyone who is not a mediator before anything is loaded (modeladmin's edit, inspect and delete
  views load the object by primary key first; a case outside the user's scope is refused the same way
  whether it exists or not, so the URL tells nothing);
- keeps its records out of Wagtail's reference index (a housing area's "usage" would list its cases);
- logs through Wagtail's own views, whose entries go to the confidential CaseAccessLog (mediation.log_actions),
  saved in the same transaction as the change; every screen that shows a case (the list and its export, the
  case's page, its form, its delete confirmation) logs one entry per case shown, in one query;
- answers odd input (filters that do not parse, NUL characters, unknown pages) with the list and a message,
  never an error page;
- marks the request so that an error report shows none of its data.
"""

import csv
from collections import OrderedDict

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.mixins import Echo
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, IndexView, InspectView

from estates.admin_lists import ListedOnce
from estates.menu import RuleMenuItem
from mediation import policy, selectors, services
from mediation.admin_buttons import RowButtonHelper
from mediation.errors import protect_error_reports
from mediation.forms import CaseForm
from mediation.inline_panels import CaseInlinePanel
from mediation.managers import VISIBLE_TO
from mediation.models import Case, CaseAccessLog, OutreachContact


class SavedWithItsLogEntry:
    """Wagtail's view saves, then logs: here both happen in one transaction, or neither does."""

    def form_valid(self, form):
        with transaction.atomic():
            return super().form_valid(form)


class ConfidentialCreateView(SavedWithItsLogEntry, CreateView):
    pass


class ConfidentialEditView(SavedWithItsLogEntry, EditView):
    pass


class ConfidentialModelAdmin(ModelAdmin):
    add_to_admin_menu = False  # shown through MediationAdminGroup
    history_view_enabled = False
    create_view_class = ConfidentialCreateView
    edit_view_class = ConfidentialEditView
    index_template_name = "boligsocial/admin/modeladmin_index.html"  # rows written in one pass
    button_helper_class = RowButtonHelper

    def register_indexing(self):
        """Never in Wagtail's reference index."""

    def may_use(self, request) -> bool:
        return policy.can_use_mediation(request.user)

    def may_reach(self, request, pk: int) -> bool:
        """Whether this user may reach the object with this primary key at all."""
        return self.get_queryset(request).filter(pk=pk).exists()

    def _guard(self, request, instance_pk=None) -> None:
        protect_error_reports(request)
        if not self.may_use(request):
            raise PermissionDenied
        if instance_pk is not None:
            try:
                pk = int(unquote(instance_pk))
            except ValueError:
                raise PermissionDenied from None
            if not self.may_reach(request, pk):
                raise PermissionDenied
            request.mediation_reached = (self.model, pk)

    def index_view(self, request):
        self._guard(request)
        if any("\x00" in value for values in request.GET.lists() for value in [values[0], *values[1]]):
            return self._refuse_odd_input(request)
        try:
            return super().index_view(request)
        except IncorrectLookupParameters:
            return self._refuse_odd_input(request)

    def _refuse_odd_input(self, request):
        """A filter, search or page that cannot be read: the plain list again, with a message."""
        messages.error(request, _("The filter or search in the address could not be read, so it was cleared."))
        return redirect(self.url_helper.index_url)

    def create_view(self, request):
        self._guard(request)
        return super().create_view(request)

    def edit_view(self, request, instance_pk):
        self._guard(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._guard(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._guard(request, instance_pk)
        return super().delete_view(request, instance_pk)


# --- Cases --------------------------------------------------------------------------------------------


class CasePermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        """May see the list of their cases."""
        return policy.can_use_mediation(user)

    def user_can_create(self, user):
        """May register a new case."""
        return policy.can_create_case(user)

    def user_can_inspect_obj(self, user, obj):
        """May open this case."""
        return policy.can_open(user, obj)

    def user_can_edit_obj(self, user, obj):
        """May change this case."""
        return policy.can_edit(user, obj)

    def user_can_delete_obj(self, user, obj):
        """May delete this case (mediation leads)."""
        return policy.can_delete(user, obj)


class ReachedThroughTheGuard:
    """Mix into a case's own views (before them). The guard (ConfidentialModelAdmin._guard) has asked, in this
    request, whether this case is among the user's visible cases (`Case.objects.visible_to`): the loaded case
    is marked as read through it, so the policy's questions about it (mediation.policy.can_open) need no
    second query. A case the guard did not ask about is not marked, nor one a form is sent for (saving may take
    the user off the case: where to go next is asked again)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        reached = getattr(request, "mediation_reached", None) == (Case, self.instance.pk)
        if reached and request.method in ("GET", "HEAD"):
            setattr(self.instance, VISIBLE_TO, request.user.pk)


class OpensTheSavedCase:
    def get_success_url(self):
        """The case's own page; the list if the user may no longer open it (took themselves off the case)."""
        if policy.can_open(self.request.user, self.instance):
            return self.url_helper.get_action_url("inspect", self.instance.pk)
        return self.index_url


class CountedOnceUnfiltered:
    """Mix into a ListedOnce IndexView (before it). Modeladmin counts the user's whole list ("all_count") and
    then the filtered list: with nothing in the address but a page number they are the same list, counted once."""

    def get_base_queryset(self, request=None):
        listed = getattr(self, "queryset", None)  # the filtered list, set in dispatch (counted once)
        if listed is not None and not self.params:
            return listed
        return super().get_base_queryset(request)


def _as_it_is(value):
    return value


MEDIATOR_NAMES = "listed_mediator_names"  # a listed case's mediators by name, set for the page's rows


class CaseIndexView(CountedOnceUnfiltered, ListedOnce, IndexView):
    """The case list logs each case it shows (the page's rows), and the export each case it writes. Built and
    counted once per request (estates/admin_lists.py)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = context["object_list"]
        names = selectors.mediator_names_of(case.pk for case in shown)
        for case in shown:
            setattr(case, MEDIATOR_NAMES, names.get(case.pk, []))
        services.record_cases_shown(
            cases=[(case.pk, case.reference) for case in shown],
            user=self.request.user,
            action=CaseAccessLog.Action.LISTED,
        )
        return context

    def _export_columns(self):
        """Each exported column as (its name, the key of its value in a row of `values()`, the empty sign), or
        None when a column is not a Case field read so (modeladmin then builds each case and looks it up)."""
        if not hasattr(self, "_exported"):
            opts, read_along, columns = self.model._meta, getattr(self.model_admin, "export_read_along", {}), []
            for name in self.list_export:
                try:
                    field = opts.get_field(name)
                except FieldDoesNotExist:
                    columns = None  # a method or a path
                    break
                key = read_along.get(name, name)
                if not field.concrete or field.many_to_many or (field.is_relation and key == name):
                    columns = None
                    break
                columns.append((name, key, self.model_admin.get_empty_value_display(name)))
            self._exported = columns
        return self._exported

    def to_row_dict(self, item):
        """A row of `values()` (as_spreadsheet) as modeladmin's row of a case: each value as `lookup_field` reads
        it (a related object by its read-along text, what str() of it gives), the empty sign where it is empty."""
        if not isinstance(item, dict):
            return super().to_row_dict(item)
        return OrderedDict((name, item[key] or empty) for name, key, empty in self._export_columns())

    def get_preprocess_function(self, field, value, export_format):
        """Wagtail's choice, which depends on the column and the value's type only, made once per pair."""
        key = (field, type(value), export_format)
        chosen = self.__dict__.setdefault("_preprocess_functions", {})
        if key not in chosen:
            chosen[key] = super().get_preprocess_function(field, value, export_format)
        return chosen[key]

    def stream_csv(self, queryset):
        """Modeladmin's CSV (its headings, its dialect, each value as `write_csv_row` writes it), written straight
        from the rows of `values()`: each value's function chosen once per column and type, no dict per row."""
        columns = self._export_columns()
        if columns is None:  # modeladmin's rows of cases
            yield from super().stream_csv(queryset)
            return
        writer = csv.writer(Echo())  # what csv.DictWriter, modeladmin's writer, writes through
        yield writer.writerow([self.get_heading(queryset, name) for name, _key, _empty in columns])
        chosen = {}
        for item in queryset:
            row = []
            for name, key, empty in columns:
                value = item[key] or empty
                function = chosen.get((name, value.__class__))
                if function is None:
                    function = chosen[name, value.__class__] = (
                        self.get_preprocess_function(name, value, self.FORMAT_CSV) or _as_it_is
                    )
                row.append(function(value))
            yield writer.writerow(row)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        services.record_cases_shown(
            cases=queryset,  # logged by the database from the same filtered list, row for row
            user=self.request.user,
            action=CaseAccessLog.Action.LIST_EXPORTED,
        )
        columns = self._export_columns()
        if columns is not None:  # the rows streamed from values(): no case built
            queryset = queryset.values(*{key for _name, key, _empty in columns})
        return super().as_spreadsheet(queryset, spreadsheet_format)


class CaseCreateView(OpensTheSavedCase, ConfidentialCreateView):
    pass


class CaseEditView(ReachedThroughTheGuard, OpensTheSavedCase, ConfidentialEditView):
    def get(self, request, *args, **kwargs):
        services.record_case_opened(case=self.instance, user=request.user)
        return super().get(request, *args, **kwargs)

    def form_invalid(self, form):
        # The form is shown again with the case's data: that is an opening too.
        services.record_case_opened(case=self.instance, user=self.request.user)
        return super().form_invalid(form)


class CaseDeleteView(ReachedThroughTheGuard, DeleteView):
    def get(self, request, *args, **kwargs):
        services.record_case_opened(case=self.instance, user=request.user)
        return super().get(request, *args, **kwargs)


class CaseInspectView(ReachedThroughTheGuard, InspectView):
    page_title = _("Case")

    def get(self, request, *args, **kwargs):
        services.record_case_opened(case=self.instance, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.instance.reference

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = selectors.case_for_inspection(self.instance.pk)
        context = super().get_context_data(**kwargs)
        context.update(
            case=case,
            can_manage_party_data=policy.can_manage_parties(user, case),
            access_log=selectors.access_log_of(case) if policy.can_view_access_log(user) else None,
        )
        return context

    def get_fields_dict(self):
        return []  # the template lays the case out itself


class CaseAdmin(ConfidentialModelAdmin):
    model = Case
    menu_label = _("Cases")
    menu_icon = "folder-open-inverse"
    permission_helper_class = CasePermissionHelper
    index_view_class = CaseIndexView
    delete_view_class = CaseDeleteView
    create_view_class = CaseCreateView
    edit_view_class = CaseEditView
    inspect_view_class = CaseInspectView
    inspect_view_enabled = True
    inspect_template_name = "mediation/admin/case_inspect.html"
    list_display = ("reference", "area", "status", "intake_date", "mediator_names")
    list_display_read_along = {"area": "area_name"}  # selectors.case_list: the area's name, no area built
    list_filter = ("status", "area")
    search_fields = ("reference",)
    list_export = ("reference", "area", "status", "intake_date", "closed_on")
    export_read_along = {"area": "area__name"}  # what str() of a housing area gives
    export_filename = "maeglingssager"
    list_per_page = 50

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("area"),
                    FieldPanel("conflict_types", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("channel"),
                    FieldPanel("intake_date"),
                ],
                heading=_("The case"),
            ),
            FieldPanel("mediators", widget=forms.CheckboxSelectMultiple),
            FieldPanel("description"),
            CaseInlinePanel(
                "parties",
                heading=_("Parties"),
                label=_("Party"),
                min_num=2,
                panels=[
                    FieldPanel("kind"),
                    FieldPanel("name"),
                    FieldPanel("address"),
                    FieldPanel("contact"),
                    FieldPanel("role"),
                ],
            ),
            CaseInlinePanel(
                "meetings",
                heading=_("Meetings"),
                label=_("Meeting"),
                panels=[FieldPanel("held_on"), FieldPanel("participants"), FieldPanel("notes")],
            ),
            CaseInlinePanel(
                "agreements",
                heading=_("Agreements"),
                label=_("Agreement"),
                panels=[FieldPanel("agreed_on"), FieldPanel("text"), FieldPanel("follow_up_on"), FieldPanel("kept")],
            ),
            CaseInlinePanel(
                "referrals",
                heading=_("Referrals"),
                label=_("Referral"),
                panels=[
                    FieldPanel("outreach_contact"),
                    FieldPanel("referred_on"),
                    FieldPanel("purpose"),
                    MultiFieldPanel(
                        [
                            FieldPanel("consent_given_by"),
                            FieldPanel("consent_given_on"),
                            FieldPanel("consent_scope"),
                            FieldPanel("consent_withdrawn_on"),
                        ],
                        heading=_("Consent"),
                    ),
                ],
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("outcome"), FieldPanel("closed_on")],
                heading=_("Status and outcome"),
            ),
        ],
        base_form_class=CaseForm,
    )

    def may_reach(self, request, pk: int) -> bool:
        return Case.objects.visible_to(request.user).filter(pk=pk).exists()  # the list's cases, nothing joined

    def get_queryset(self, request):
        if request.GET.get(IndexView.EXPORT_VAR) in IndexView.FORMATS:  # an export: its own columns only
            return selectors.case_export(request.user, self.list_export)
        return selectors.case_list(request.user)

    def mediator_names(self, obj):
        names = getattr(obj, MEDIATOR_NAMES, None)  # read for the whole page by CaseIndexView
        if names is None:
            names = [user.get_full_name() or user.get_username() for user in obj.mediators.all()]
        return ", ".join(names)

    mediator_names.short_description = _("mediators")


# --- The outreach directory ---------------------------------------------------------------------------


class OutreachContactPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        """Mediators read the directory."""
        return policy.can_view_outreach_directory(user)

    def user_can_create(self, user):
        """Mediation leads keep the directory."""
        return policy.can_manage_outreach_directory(user, "add")

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return policy.can_manage_outreach_directory(user, "change")

    def user_can_delete_obj(self, user, obj):
        return policy.can_manage_outreach_directory(user, "delete")


class OutreachContactAdmin(ConfidentialModelAdmin):
    model = OutreachContact
    menu_label = _("Outreach workers")
    menu_icon = "group"
    permission_helper_class = OutreachContactPermissionHelper
    list_display = ("name", "field_of_work", "unit", "phone", "email", "is_active")
    list_filter = ("field_of_work", "is_active")
    search_fields = ("name", "unit")
    panels = [
        FieldPanel("name"),
        FieldPanel("field_of_work"),
        FieldPanel("unit"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("is_active"),
    ]


# --- The access log -----------------------------------------------------------------------------------


class CaseAccessLogPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        """Mediation leads read the access log; nobody changes it."""
        return policy.can_view_access_log(user)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CaseAccessLogIndexView(CountedOnceUnfiltered, ListedOnce, IndexView):
    """Reading the access log is itself logged: one entry per view of the list. Built and counted once per
    request (estates/admin_lists.py)."""

    def get(self, request, *args, **kwargs):
        services.record_log_read(user=request.user)
        return super().get(request, *args, **kwargs)


class CaseAccessLogAdmin(ConfidentialModelAdmin):
    model = CaseAccessLog
    menu_label = _("Access log")
    menu_icon = "history"
    permission_helper_class = CaseAccessLogPermissionHelper
    index_view_class = CaseAccessLogIndexView
    list_display = ("timestamp", "label", "user_name", "action")
    list_filter = ("action",)
    search_fields = ("label", "user_name")
    list_per_page = 100

    def may_use(self, request) -> bool:
        return policy.can_view_access_log(request.user)

    def may_reach(self, request, pk: int) -> bool:
        return False  # a log entry has no page of its own

    def get_queryset(self, request):
        if not policy.can_view_access_log(request.user):
            return CaseAccessLog.objects.none()
        return CaseAccessLog.objects.order_by("-timestamp", "-pk")


# --- The menu -----------------------------------------------------------------------------------------


class MediationAdminGroup(ModelAdminGroup):
    menu_label = _("Mediation")
    menu_icon = "lock"
    menu_order = 400
    items = (CaseAdmin, OutreachContactAdmin, CaseAccessLogAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            RuleMenuItem(
                _("Statistics"),
                reverse_lazy("mediation:statistics"),
                name="mediation-statistics",
                icon_name="table",
                order=len(items) + 1,
                is_allowed=policy.can_view_statistics,
            )
        )
        return items
