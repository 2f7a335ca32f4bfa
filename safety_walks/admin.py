"""Back-office screens for safety walks (wagtail-modeladmin), staff-only; row rules from policy.py."""

import datetime
from typing import NamedTuple

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.models import Page
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import CreateView, EditView, HistoryView, IndexView, InspectView

from estates.admin_lists import ListedOnce
from safety_walks import exports, policy, services
from safety_walks.category_admin import finding_categories
from safety_walks.filters import VisibleOrganisationFilter, VisibleRelatedFilter
from safety_walks.finding_photo_form import FindingPhotoAdminForm
from safety_walks.meeting_admin import FollowUpMeetingCreateView, FollowUpMeetingEditView, ThemeMeetingForm
from safety_walks.models import Finding, FollowUpMeeting, Responsibility, ThemeMeeting
from safety_walks.statuses import CLOSED_RESPONSIBILITY_STATUSES, FindingStatus, deadline_passed


class StaffOnlyPermissionHelper(PermissionHelper):
    """Categories and meetings: social-housing staff only, whatever model permissions say."""

    def user_can_list(self, user):
        """May see the list."""
        return policy.can_manage_findings(user) and super().user_can_list(user)

    def user_can_create(self, user):
        """May add one."""
        return policy.can_manage_findings(user) and super().user_can_create(user)

    def user_can_inspect_obj(self, user, obj):
        """May read one."""
        return policy.can_manage_findings(user) and super().user_can_inspect_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        """May change one."""
        return policy.can_manage_findings(user) and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        """May delete one."""
        return policy.can_manage_findings(user) and super().user_can_delete_obj(user, obj)

    def user_can_view_history(self, user, obj):
        """May read the history of one."""
        return policy.can_manage_findings(user)


class FindingPermissionHelper(StaffOnlyPermissionHelper):
    """Staff manage findings; partners may list and read the findings their organisation is responsible for."""

    def user_can_list(self, user):
        """Staff, or a partner with the view permission."""
        return policy.can_manage_findings(user) or self.user_has_specific_permission(user, "view_finding")

    def user_can_inspect_obj(self, user, obj):
        """Only findings within the user's scope."""
        return self.inspect_view_enabled and policy.can_view_finding(user, obj)

    def user_can_view_history(self, user, obj):
        """Only findings within the user's scope."""
        return policy.can_view_finding(user, obj)


class RefusedRowLooksMissing:
    """A row the user may not open answers as a missing one does (404), not with modeladmin's redirect: a
    partner cannot tell another organisation's finding from one that does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not self.check_action_permitted(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedHistoryView(RefusedRowLooksMissing, HistoryView):
    """modeladmin's history view asks no permission at all; ask the model's permission helper."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_view_history(user, self.instance)


class ScopedInspectView(RefusedRowLooksMissing, InspectView):
    pass


class ForgivingIndexView(IndexView):
    """A filter value that is not valid (a hand-edited address) shows the whole list and says so."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, _("The filter in the address was not valid, so the whole list is shown."))
            return redirect(request.path)


class FindingIndexView(ListedOnce, ForgivingIndexView):
    """The findings list; its XLSX/CSV export is the meeting spreadsheet (safety_walks/exports.py): one row
    per responsibility of the listed findings (filters and the user's scope apply), Danish headings, dates.
    Built and counted once per request (estates/admin_lists.py); unfiltered, the list's count is also the
    "out of" count; its rows are written in one pass (FindingAdmin's index template, estates.modeladmin_rows)."""

    def get_base_queryset(self, request=None):
        base = super().get_base_queryset(request)
        if self.export not in self.FORMATS:
            # The page's rows read only what its columns, buttons and the policy use (FindingAdmin.rows_shown); an
            # export reads its own columns (exports.py) from the whole rows.
            # Staff's rows read their responsibilities into a plain list (no manager and queryset per row); a
            # partner's are asked the policy row by row (policy.can_view_finding reads `finding.responsibilities`).
            base = self.model_admin.rows_shown(base, for_policy=not policy.can_manage_findings(self.request.user))
        if not self.get_filters_params() and not self.query:
            # Nothing narrows the list: "N out of N", counted once.
            base.count = lambda: self.get_queryset().count()
        return base

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return exports.findings_response(
            self.request.user, queryset, export_format=spreadsheet_format, filename=self.get_filename()
        ) or super().as_spreadsheet(queryset, spreadsheet_format)


class SafetyWalksModelAdmin(ModelAdmin):
    history_view_class = ScopedHistoryView
    index_view_class = ForgivingIndexView
    permission_helper_class = StaffOnlyPermissionHelper


class AnswersForOneRequest:
    """The findings' permission helper for the rows of one list: editing and deleting a finding are staff's
    whatever the row (FindingPermissionHelper), and staff may read every row, so each question is answered once
    per request, not once per row and button. A partner's right to read a row is still asked per row."""

    def __init__(self, helper, user):
        self._helper = helper
        self._staff = policy.can_manage_findings(user)
        self._answers = {}

    def __getattr__(self, name):
        return getattr(self._helper, name)

    def _once(self, name, user, obj):
        if name not in self._answers:
            self._answers[name] = getattr(self._helper, name)(user, obj)
        return self._answers[name]

    def user_can_edit_obj(self, user, obj):
        return self._once("user_can_edit_obj", user, obj)

    def user_can_delete_obj(self, user, obj):
        return self._once("user_can_delete_obj", user, obj)

    def user_can_inspect_obj(self, user, obj):
        if self._staff:
            return self._once("user_can_inspect_obj", user, obj)
        return self._helper.user_can_inspect_obj(user, obj)


ANY_PK = "987654321"


class UrlsByPattern:
    """modeladmin's URL helper for the rows of one list: each row action (inspect, edit, delete) is reversed
    once and each row's id filled in, not reversed four times per row."""

    ROW_ACTIONS = ("inspect", "edit", "delete", "history")

    def __init__(self, helper):
        self._helper = helper
        self._patterns = {}

    def __getattr__(self, name):
        return getattr(self._helper, name)

    def get_action_url(self, action, *args, **kwargs):
        if action not in self.ROW_ACTIONS or len(args) != 1 or kwargs:
            return self._helper.get_action_url(action, *args, **kwargs)
        if action not in self._patterns:
            self._patterns[action] = self._helper.get_action_url(action, ANY_PK)
        return self._patterns[action].replace(ANY_PK, str(args[0]))


class FindingButtonHelper(ButtonHelper):
    """Adds "Add update" beside the usual buttons, for everyone who may update the finding."""

    def __init__(self, view, request):
        super().__init__(view, request)
        self.permission_helper = AnswersForOneRequest(self.permission_helper, request.user)
        self.url_helper = UrlsByPattern(self.url_helper)
        self._staff = policy.can_manage_findings(request.user)
        self._update_url = reverse("safety_walks_add_update", args=[int(ANY_PK)])
        # Translated once per list, not once per row.
        self._update_label = gettext("Add update")
        self._update_title = gettext("Add an update to %(finding)s")
        self._row_buttons = {}

    def _row_button(self, action, pk, classnames_add, classnames_exclude):
        """modeladmin's inspect/edit/delete button for one row: built once per list, the row's id filled in."""
        key = (action, tuple(classnames_add or ()), tuple(classnames_exclude or ()))
        if key not in self._row_buttons:
            build = getattr(super(), f"{action}_button")
            built = build(ANY_PK, classnames_add, classnames_exclude)
            # Its label and title translated now, not once per row.
            self._row_buttons[key] = {name: str(v) if isinstance(v, Promise) else v for name, v in built.items()}
        button = dict(self._row_buttons[key])
        button["url"] = button["url"].replace(ANY_PK, str(pk))
        return button

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        return self._row_button("inspect", pk, classnames_add, classnames_exclude)

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        return self._row_button("edit", pk, classnames_add, classnames_exclude)

    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        return self._row_button("delete", pk, classnames_add, classnames_exclude)

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self._staff or policy.can_view_finding(self.request.user, obj):
            buttons.insert(
                0,
                {
                    "url": self._update_url.replace(ANY_PK, str(obj.pk)),
                    "label": self._update_label,
                    "classname": "button button-small",
                    "title": self._update_title % {"finding": obj},
                },
            )
        return buttons


class WalkPrefilledCreateView(CreateView):
    """Opened from a walk's page (`?walk=<id>`), the walk is already chosen."""

    def get_initial(self):
        return {**super().get_initial(), "walk": self.request.GET.get("walk")}


class DerivesFindingStatus:
    """The finding editor saves the finding and its responsibilities; then, in the same transaction, the
    finding's status follows them (services.finding_derive_status), as after any change of a responsibility."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.finding_derive_status(finding=self.instance)
        return response


class FindingCreateView(DerivesFindingStatus, WalkPrefilledCreateView):
    pass


class FindingEditView(DerivesFindingStatus, EditView):
    pass


class OverdueFilter(SimpleListFilter):
    """modeladmin's list filter (its extension point) over the findings overdue today, in the form that reads the
    open responsibilities' index (`Finding.objects.overdue_by_keys`)."""

    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue_by_keys(on=timezone.localdate())
        return queryset


STATUS_LABELS = dict(FindingStatus.choices)


class ListedResponsibility(NamedTuple):
    """What the findings list shows of a responsibility."""

    organisation_name: str
    deadline: datetime.date | None
    is_open: bool


class FindingAdmin(SafetyWalksModelAdmin):
    model = Finding
    menu_label = _("Findings")
    menu_icon = "warning"
    permission_helper_class = FindingPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = ScopedInspectView
    index_view_class = FindingIndexView
    index_template_name = "boligsocial/admin/modeladmin_index.html"  # rows written in one pass
    button_helper_class = FindingButtonHelper
    create_view_class = FindingCreateView
    edit_view_class = FindingEditView
    edit_handler = ObjectList(Finding.panels, base_form_class=FindingPhotoAdminForm)
    list_display = ["title", "walk", "status_label", "responsible", "next_deadline", "public_label"]
    list_filter = [
        ("walk", VisibleRelatedFilter),
        "walk__areas",
        "category",
        "status",
        ("responsibilities__organisation", VisibleOrganisationFilter),
        OverdueFilter,
    ]
    search_fields = ["title", "description", "location"]
    list_per_page = 50
    # Turns on modeladmin's export buttons; what is exported is FindingIndexView's (exports.py), not these.
    list_export = ["title"]
    export_filename = "fund"

    # A walk is a Wagtail page, costly to build: the list shows its title, read along (estates.modeladmin_rows).
    list_display_read_along = {"walk": "walk_title"}

    def get_queryset(self, request):
        # The responsibilities with their organisations in one query (the columns and the policy read them). The
        # walk's title as a subquery, not a join: a count leaves it out (and counts the findings table alone).
        return (
            Finding.objects.visible_to(request.user)
            .select_related("category")
            .annotate(walk_title=Subquery(Page.objects.filter(pk=OuterRef("walk_id")).order_by().values("title")[:1]))
            .prefetch_related(
                Prefetch("responsibilities", queryset=Responsibility.objects.select_related("organisation"))
            )
        )

    def rows_shown(self, findings, *, for_policy=False):
        """The findings as the list's page reads them: the columns shown (title, status, public), the walk's id and
        title; no category, no description. Their responsibilities are read for the page's rows alone
        (`read_along_rows`); `for_policy`: prefetched whole, for a user the policy asks about each row (it reads
        `finding.responsibilities`)."""
        rows = findings.select_related(None).only("pk", "walk", "title", "status", "is_public").prefetch_related(None)
        if not for_policy:
            return rows
        return rows.prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.only(
                    "pk", "finding_id", "organisation_id", "organisation__name", "deadline", "status"
                ).select_related("organisation"),
            ),
        )

    def read_along_rows(self, findings):
        """What the columns show of the page's findings' responsibilities (organisation, deadline, open or not), in
        one read of plain values (estates.modeladmin_rows asks): no model instances, related managers or querysets
        per row, as a prefetch builds them (modelcluster's and Django's). Findings whose responsibilities are
        prefetched already (`rows_shown(for_policy=True)`) are shown from those."""
        unread = {f.pk: f for f in findings if "responsibilities" not in getattr(f, "_prefetched_objects_cache", ())}
        for finding in unread.values():
            finding.listed_responsibilities = []
        if unread:
            read = Responsibility.objects.filter(finding_id__in=unread).order_by(*Responsibility._meta.ordering)
            for finding_id, name, deadline, status in read.values_list(
                "finding_id", "organisation__name", "deadline", "status"
            ):
                listed = ListedResponsibility(name, deadline, status not in CLOSED_RESPONSIBILITY_STATUSES)
                unread[finding_id].listed_responsibilities.append(listed)
        return findings

    def status_label(self, obj):
        # A dict lookup: get_status_display() rebuilds the flattened choices on every row.
        return STATUS_LABELS.get(obj.status, obj.status)

    status_label.short_description = _("status")

    def priority_label(self, obj):
        return obj.get_priority_display()

    priority_label.short_description = _("priority")

    def public_label(self, obj):
        # Translated now, not a lazy text to be translated per cell.
        return gettext("Public") if obj.is_public else gettext("Internal")

    public_label.short_description = _("shown to residents")

    @staticmethod
    def _responsibilities(obj):
        """The finding's responsibilities as the list read them (read_along_rows), else from the finding."""
        listed = getattr(obj, "listed_responsibilities", None)
        if listed is not None:
            return listed
        return [ListedResponsibility(r.organisation.name, r.deadline, r.is_open) for r in obj.responsibilities.all()]

    def responsible(self, obj):
        return ", ".join(r.organisation_name for r in self._responsibilities(obj))

    responsible.short_description = _("responsible")

    def next_deadline(self, obj):
        # From the prefetched responsibilities (what `Finding.objects.with_next_deadline()` computes in SQL, where
        # SQLite would run it for every finding it sorts, not only the page's).
        deadline = min((r.deadline for r in self._responsibilities(obj) if r.is_open and r.deadline), default=None)
        if deadline is None:
            return ""
        if deadline_passed(deadline, timezone.localdate()):
            return format_html("<strong>{} ({})</strong>", deadline.strftime("%d.%m.%Y"), gettext("overdue"))
        return deadline.strftime("%d.%m.%Y")

    next_deadline.short_description = _("next deadline")


class ThemeMeetingAdmin(SafetyWalksModelAdmin):
    model = ThemeMeeting
    menu_label = _("Theme meetings")
    menu_icon = "group"
    edit_handler = ObjectList(ThemeMeeting.panels, base_form_class=ThemeMeetingForm)
    list_display = ["title", "starts_at", "place", "is_public"]
    list_filter = ["walks", "is_public"]
    search_fields = ["title", "problem", "outcome"]


class FollowUpMeetingAdmin(SafetyWalksModelAdmin):
    """Planned first (day, time, place), recorded when held (meeting_admin.py)."""

    model = FollowUpMeeting
    menu_label = _("Follow-up meetings")
    menu_icon = "date"
    create_view_class = FollowUpMeetingCreateView
    edit_view_class = FollowUpMeetingEditView
    list_display = ["walk", "state_label", "when", "place", "agenda_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("walk")

    def state_label(self, obj):
        return obj.get_state_display()

    state_label.short_description = _("status")

    def when(self, obj):
        if obj.held_on:
            return obj.held_on.strftime("%d.%m.%Y")
        times = "-".join(t.strftime("%H:%M") for t in (obj.starts_at, obj.ends_at) if t)
        return f"{obj.planned_on:%d.%m.%Y} {times}".strip()

    when.short_description = _("when")

    def agenda_link(self, obj):
        url = reverse("safety_walks_agenda", args=[obj.walk_id])
        return format_html('<a href="{}">{}</a>', url, _("Status agenda"))

    agenda_link.short_description = _("agenda")


class SafetyWalksGroup(ModelAdminGroup):
    menu_label = _("Safety walks")
    menu_icon = "site"
    menu_order = 200
    items = (FindingAdmin, FollowUpMeetingAdmin, ThemeMeetingAdmin)

    def get_submenu_items(self):
        # The categories are a snippet (category_admin.py, for wagtail-localize), listed in the same place.
        items = super().get_submenu_items()
        return [*items, finding_categories.get_menu_item(order=len(items) + 1)]
