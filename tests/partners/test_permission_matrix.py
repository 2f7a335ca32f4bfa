"""The permission matrix (ARCHITECTURE.md) walked over every admin URL the plugin registers.

The routes are enumerated from the resolver and attributed to the plugin by the code that answers them
(the view's module, the ModelAdmin or viewset that serves them, or the model they are about), not by a
list of prefixes: a route added by any plugin app is found, and fails the classification test until
someone decides, in ROUTES below, who may use it.

Each route is then requested by every role, with each object the route can take (their own and someone
else's): the allowed get the screen (200, or a redirect within the same admin area), the refused are sent
to the login or the admin's home or answered 403/404, and see none of the content they may not read. A 5xx
is never a refusal.
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.log_actions import log

from community import services as community_services
from estates import roles
from estates.models import SentReminder
from mediation import reminders as mediation_reminders
from mediation import services as mediation_services
from mediation.models import CaseAccessLog
from safety_walks.models import FindingCategory, FindingUpdate
from safety_walks.models.findings import ResponsibilityStatus as RS
from safety_walks.models.reports import ResidentReport
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.mediation.builders import make_agreement, make_case, make_outreach_contact, make_party
from tests.safety_walks.builders import make_finding, make_follow_up_meeting, make_theme_meeting, make_walk

pytestmark = pytest.mark.django_db

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

SECRET = "Hemmeligt fund om politiets sag"
# Planted in each case's narrative and parties: nobody outside the case may ever read them.
MY_CASE_SECRET = "Naboen i 3. th truer med kniv i opgangen"
MY_PARTY = "Karen Fortroligsen"
COLLEAGUES_CASE_SECRET = "Underboen i 1. tv spiller trommer om natten"
COLLEAGUES_PARTY = "Bent Diskretion"

ROLES = (
    "anonymous",
    "police partner",
    "municipality partner",
    "staff",
    "mediator",
    "mediation lead",
    "superuser",
)
STAFF_MEMBERS = {"staff", "mediator", "mediation lead", "superuser"}  # superusers act as staff outside mediation
ORGANISATION_OF = {"police partner": "police", "municipality partner": "municipality"}


# --- Who may use a route: one question per rule of the matrix, asked with the object's keeper -------------


def staff(role, keeper):
    return role in STAFF_MEMBERS


def staff_and_partners(role, keeper):
    """The findings list: staff see every finding, partners their own organisation's (filtered inside)."""
    return role in STAFF_MEMBERS or role in ORGANISATION_OF


def staff_and_the_responsible_partner(role, keeper):
    return role in STAFF_MEMBERS or ORGANISATION_OF.get(role) == keeper


def members_of_an_organisation(role, keeper):
    """'My items' is about the user's own organisation: staff have none."""
    return role in ORGANISATION_OF


def mediators(role, keeper):
    """Mediation's lists and forms: mediators and leads, never staff or a superuser as such."""
    return role in {"mediator", "mediation lead"}


def the_cases_mediators_and_leads(role, keeper):
    return role == "mediation lead" or (role == "mediator" and keeper == "mine")


def mediation_leads(role, keeper):
    return role == "mediation lead"


def nobody(role, keeper):
    return False


def staff_but_confidential_rows_to_the_case(role, keeper):
    """The reminders log: staff read it; a mediation reminder only those who may open its case."""
    if keeper is None:
        return role in STAFF_MEMBERS
    return the_cases_mediators_and_leads(role, keeper)


@dataclass(frozen=True)
class Screen:
    who: object  # one of the rules above
    takes: str | None = None  # the kind of object the route's placeholder stands for
    method: str = "get"  # POST-only routes are posted (without a confirmation: nothing is erased)
    lands_in: str = ""  # another admin area a permitted request may be sent on to (Wagtail's page editor)


FINDING = "finding"
CASE = "case"
PARTY = "party"

# Every admin route the plugin registers, and who may use it. The classification test fails when a route
# is added, renamed or removed without this table following.
ROUTES = {
    # estates: partner invitations, housing areas and organisations (snippets, their choosers), reminders log
    "admin/estates/invite-partner/": Screen(staff),
    # estates.security: a mediator's second factor (enrol a phone, type its code)
    "admin/two-factor/": Screen(mediators),
    "admin/two-factor/enrol/": Screen(mediators),
    **{
        route.format(model=model): Screen(staff, takes=model if "<" in route else None)
        for model in ("housingarea", "organisation")
        for route in (
            "admin/snippets/estates/{model}/",
            "admin/snippets/estates/{model}/results/",
            "admin/snippets/estates/{model}/add/",
            "admin/snippets/estates/{model}/edit/<int:pk>/",
            "admin/snippets/estates/{model}/delete/<int:pk>/",
            "admin/snippets/estates/{model}/usage/<int:pk>/",
            "admin/snippets/estates/{model}/history/<int:pk>/",
            "admin/snippets/estates/{model}/history-results/<int:pk>/",
            "admin/snippets/estates/{model}/copy/<int:pk>/",
            "admin/snippets/choose/estates/{model}/",
            "admin/snippets/choose/estates/{model}/results/",
            "admin/snippets/choose/estates/{model}/chosen/<str:pk>/",
            "admin/snippets/choose/estates/{model}/chosen-multiple/",
            "admin/snippets/choose/estates/{model}/create/",
        )
    },
    "admin/reminders/": Screen(staff),
    "admin/reminders/results/": Screen(staff),
    "admin/reminders/inspect/<int:pk>/": Screen(staff_but_confidential_rows_to_the_case, takes="sentreminder"),
    # safety walks: findings (partners read their own), categories, meetings, the agenda, updates, my items
    "admin/^safety_walks/finding/$": Screen(staff_and_partners),
    "admin/^safety_walks/finding/create/$": Screen(staff),
    "admin/^safety_walks/finding/edit/(?P<instance_pk>[-\\w]+)/$": Screen(staff, takes=FINDING),
    "admin/^safety_walks/finding/delete/(?P<instance_pk>[-\\w]+)/$": Screen(staff, takes=FINDING),
    "admin/^safety_walks/finding/inspect/(?P<instance_pk>[-\\w]+)/$": Screen(
        staff_and_the_responsible_partner, takes=FINDING
    ),
    "admin/^safety_walks/finding/history/(?P<instance_pk>[-\\w]+)/$": Screen(
        staff_and_the_responsible_partner, takes=FINDING
    ),
    "admin/safety-walks/finding/<int:finding_id>/update/": Screen(staff_and_the_responsible_partner, takes=FINDING),
    "admin/safety-walks/my-items/": Screen(members_of_an_organisation),
    "admin/safety-walks/walk/<int:walk_id>/agenda/": Screen(staff, takes="walk"),
    "admin/safety-walks/update/<int:update_id>/public-note/": Screen(staff, takes="findingupdate"),
    **{
        route.format(model=model): Screen(staff, takes=model if "(?P" in route else None)
        for model in ("followupmeeting", "thememeeting")
        for route in (
            "admin/^safety_walks/{model}/$",
            "admin/^safety_walks/{model}/create/$",
            "admin/^safety_walks/{model}/edit/(?P<instance_pk>[-\\w]+)/$",
            "admin/^safety_walks/{model}/delete/(?P<instance_pk>[-\\w]+)/$",
            "admin/^safety_walks/{model}/history/(?P<instance_pk>[-\\w]+)/$",
        )
    },
    # categories: a snippet (wagtail-localize translates it), staff only
    **{
        route: Screen(staff, takes="findingcategory" if "<" in route else None)
        for route in (
            "admin/snippets/safety_walks/findingcategory/",
            "admin/snippets/safety_walks/findingcategory/results/",
            "admin/snippets/safety_walks/findingcategory/add/",
            "admin/snippets/safety_walks/findingcategory/edit/<int:pk>/",
            "admin/snippets/safety_walks/findingcategory/delete/<int:pk>/",
            "admin/snippets/safety_walks/findingcategory/usage/<int:pk>/",
            "admin/snippets/safety_walks/findingcategory/history/<int:pk>/",
            "admin/snippets/safety_walks/findingcategory/history-results/<int:pk>/",
            "admin/snippets/safety_walks/findingcategory/copy/<int:pk>/",
            "admin/snippets/choose/safety_walks/findingcategory/",
            "admin/snippets/choose/safety_walks/findingcategory/results/",
            "admin/snippets/choose/safety_walks/findingcategory/chosen/<str:pk>/",
            "admin/snippets/choose/safety_walks/findingcategory/chosen-multiple/",
            "admin/snippets/choose/safety_walks/findingcategory/create/",
        )
    },
    # community: attendance (a Wagtail viewset) and the attendance report
    "admin/community/activities/": Screen(staff),
    "admin/community/activities/results/": Screen(staff),
    # With one calendar, choosing where a new activity goes is no choice: Wagtail opens the page editor.
    "admin/community/activities/choose_parent/": Screen(staff, lands_in="/admin/pages/"),
    "admin/community/signups/": Screen(staff),
    "admin/community/signups/<int:activity_id>/": Screen(staff, takes="activity"),
    "admin/estates/person-data/": Screen(staff),
    "admin/safety-walks/reports/": Screen(staff),
    "admin/safety-walks/reports/<int:report_id>/": Screen(staff, takes="residentreport"),
    "admin/community/attendance-report/": Screen(staff),
    "admin/community/attendance-report/results/": Screen(staff),
    **{
        route: Screen(staff, takes="attendance" if "<int:pk>" in route else None)
        for route in (
            "admin/community/attendance/",
            "admin/community/attendance/results/",
            "admin/community/attendance/new/",
            "admin/community/attendance/edit/<int:pk>/",
            "admin/community/attendance/delete/<int:pk>/",
            "admin/community/attendance/history/<int:pk>/",
            "admin/community/attendance/history-results/<int:pk>/",
            "admin/community/attendance/usage/<int:pk>/",
            "admin/community/attendance/inspect/<int:pk>/",
            "admin/community/attendance/copy/<int:pk>/",
        )
    },
    # mediation: only the case's mediators and the leads; a superuser is not exempt
    "admin/^mediation/case/$": Screen(mediators),
    "admin/^mediation/case/create/$": Screen(mediators),
    "admin/^mediation/case/edit/(?P<instance_pk>[-\\w]+)/$": Screen(the_cases_mediators_and_leads, takes=CASE),
    "admin/^mediation/case/inspect/(?P<instance_pk>[-\\w]+)/$": Screen(the_cases_mediators_and_leads, takes=CASE),
    "admin/^mediation/case/delete/(?P<instance_pk>[-\\w]+)/$": Screen(mediation_leads, takes=CASE),
    "admin/^mediation/outreachcontact/$": Screen(mediators),
    "admin/^mediation/outreachcontact/create/$": Screen(mediation_leads),
    "admin/^mediation/outreachcontact/edit/(?P<instance_pk>[-\\w]+)/$": Screen(mediation_leads, takes="outreach"),
    "admin/^mediation/outreachcontact/delete/(?P<instance_pk>[-\\w]+)/$": Screen(mediation_leads, takes="outreach"),
    "admin/^mediation/caseaccesslog/$": Screen(mediation_leads),
    "admin/^mediation/caseaccesslog/create/$": Screen(nobody),
    "admin/^mediation/caseaccesslog/edit/(?P<instance_pk>[-\\w]+)/$": Screen(nobody, takes="accesslog"),
    "admin/^mediation/caseaccesslog/delete/(?P<instance_pk>[-\\w]+)/$": Screen(nobody, takes="accesslog"),
    "admin/mediation/statistics/": Screen(mediation_leads),
    "admin/mediation/party/<int:pk>/": Screen(the_cases_mediators_and_leads, takes=PARTY),
    "admin/mediation/party/<int:pk>/export/": Screen(the_cases_mediators_and_leads, takes=PARTY, method="post"),
    "admin/mediation/party/<int:pk>/erase/": Screen(the_cases_mediators_and_leads, takes=PARTY, method="post"),
}

PLACEHOLDER = re.compile(r"\(\?P<\w+>[^)]*\)|<(?:\w+:)?\w+>")


# --- The routes, from the resolver -------------------------------------------------------------------------


def plugin_apps() -> tuple[str, ...]:
    """The apps the plugin distribution ships (pyproject's package list), e.g. estates, mediation."""
    include = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    return tuple(sorted({pattern.rstrip("*").rstrip(".") for pattern in include}))


def answering_apps(callback) -> set[str]:
    """The top-level packages of the code behind a view: its module, the class serving it (a ModelAdmin's
    bound view, a view class) and the model it is about (modeladmin, snippets, viewsets)."""
    found = set()
    while callback is not None:
        view_class = getattr(callback, "view_class", None)
        owner = getattr(callback, "__self__", None)
        found.add(getattr(callback, "__module__", None) or "")
        if view_class is not None:
            found.add(view_class.__module__)
        if owner is not None:
            found.add(type(owner).__module__)
            found.add(getattr(getattr(owner, "model", None), "__module__", "") or "")
        for value in (getattr(callback, "view_initkwargs", None) or {}).values():
            model = value if hasattr(value, "_meta") else getattr(value, "model", None)  # or a model_admin's
            if hasattr(model, "_meta"):
                found.add(model.__module__)
        callback = getattr(callback, "__wrapped__", None)
    return {module.split(".")[0] for module in found if module}


def all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def plugin_admin_routes() -> list[str]:
    apps = set(plugin_apps())
    return sorted(
        {route for route, callback in all_routes() if route.startswith("admin/") and answering_apps(callback) & apps}
    )


PARTNER_ROUTES = {
    "admin/^safety_walks/finding/$",
    "admin/^safety_walks/finding/inspect/(?P<instance_pk>[-\\w]+)/$",
    "admin/^safety_walks/finding/history/(?P<instance_pk>[-\\w]+)/$",
    "admin/safety-walks/finding/<int:finding_id>/update/",
    "admin/safety-walks/my-items/",
}


def test_the_plugin_apps_are_the_installed_ones():
    assert set(plugin_apps()) == {"estates", "safety_walks", "community", "mediation"}
    assert set(plugin_apps()) <= set(settings.INSTALLED_APPS)


def test_every_plugin_admin_route_is_classified_in_the_matrix():
    routes = set(plugin_admin_routes())
    assert len(routes) > 40
    assert routes >= PARTNER_ROUTES
    for app in plugin_apps():
        assert any(answering_apps(callback) & {app} for route, callback in all_routes() if route in routes), app
    unclassified, gone = sorted(routes - set(ROUTES)), sorted(set(ROUTES) - routes)
    assert not unclassified, "decide in ROUTES who may use these new routes:\n" + "\n".join(unclassified)
    assert not gone, "these classified routes no longer exist:\n" + "\n".join(gone)


def test_a_route_takes_an_object_exactly_when_it_has_a_placeholder():
    for route, screen in ROUTES.items():
        assert bool(PLACEHOLDER.search(route)) == (screen.takes is not None), route


def test_the_partners_routes_are_the_ones_the_matrix_opens_to_partners():
    opened = {
        route
        for route, screen in ROUTES.items()
        if any(screen.who(role, keeper) for role in ORGANISATION_OF for keeper in ORGANISATION_OF.values())
    }
    assert opened == PARTNER_ROUTES


# --- One world with something of everyone's -------------------------------------------------------------


@pytest.fixture
def world():
    police, municipality = make_organisation(name="Politiet"), make_organisation(name="Kommunen")
    area = make_area()
    walk = make_walk(areas=[area])
    police_finding = make_finding(walk, title="Politiets fund", responsibilities=[(police, RS.PLACED, 30)])
    municipality_finding = make_finding(
        walk, title=SECRET, is_public=False, responsibilities=[(municipality, RS.PLACED, 30)]
    )
    log(instance=municipality_finding, action="wagtail.create")
    theme_meeting = make_theme_meeting(title="Temamøde", walks=[walk])
    follow_up = make_follow_up_meeting(walk)

    mediator = make_user(roles.STAFF, roles.MEDIATORS)
    colleague = make_user(roles.STAFF, roles.MEDIATORS)
    lead = make_user(roles.STAFF, roles.MEDIATION_LEADS)
    users = {
        "anonymous": None,
        "police partner": make_user(roles.PARTNERS, organisation=police),
        "municipality partner": make_user(roles.PARTNERS, organisation=municipality),
        "staff": make_user(roles.STAFF),
        "mediator": mediator,
        "mediation lead": lead,
        "superuser": make_user(is_superuser=True, is_staff=True),
    }
    my_case = make_case(mediators=[mediator], area=area, description=MY_CASE_SECRET)
    colleagues_case = make_case(mediators=[colleague], area=area, description=COLLEAGUES_CASE_SECRET)
    my_party = make_party(case=my_case, name=MY_PARTY)
    colleagues_party = make_party(case=colleagues_case, name=COLLEAGUES_PARTY)
    access = mediation_services.record_case_access(
        case=colleagues_case, user=colleague, action=CaseAccessLog.Action.OPENED
    )

    def mediation_reminder(case, recipient):
        agreement = make_agreement(case=case, follow_up_on=date(2026, 12, 7))
        return SentReminder.objects.create(
            kind=mediation_reminders.KIND,
            subject_key=f"{mediation_reminders.SUBJECT_PREFIX}{agreement.pk}",
            due_on=agreement.follow_up_on,
            recipient=recipient,
            subject=f"Opfølgning på en aftale i sag {case.reference}",
            body_template="mediation/email/agreement_follow_up.txt",
        )

    walk_reminder = SentReminder.objects.create(
        kind="safety_walks.follow_up",
        subject_key=f"walk:{walk.pk}",
        due_on=date(2026, 11, 1),
        recipient=users["staff"],
        subject="Opfølgningsmøde om en måned",
        body_template="x",
    )
    last_week = timezone.now().replace(microsecond=0) - timedelta(days=7)
    activity = make_activity(make_calendar(), title="Lektiecafé", starts_at=last_week)
    attendance = community_services.attendance_record(
        activity=activity, occurrence_date=timezone.localdate(last_week), children=3
    )
    objects = {
        FINDING: [("police", police_finding.pk), ("municipality", municipality_finding.pk)],
        CASE: [("mine", my_case.pk), ("colleague's", colleagues_case.pk)],
        PARTY: [("mine", my_party.pk), ("colleague's", colleagues_party.pk)],
        "sentreminder": [
            (None, walk_reminder.pk),
            ("mine", mediation_reminder(my_case, mediator).pk),
            ("colleague's", mediation_reminder(colleagues_case, colleague).pk),
        ],
        "walk": [(None, walk.pk)],
        "findingupdate": [(None, FindingUpdate.objects.create(finding=police_finding, public_note="Nyt").pk)],
        "followupmeeting": [(None, follow_up.pk)],
        "thememeeting": [(None, theme_meeting.pk)],
        "findingcategory": [(None, FindingCategory.objects.first().pk)],
        "housingarea": [(None, area.pk)],
        "organisation": [("police", police.pk), ("municipality", municipality.pk)],
        "attendance": [(None, attendance.pk)],
        "activity": [(None, activity.pk)],
        "residentreport": [
            (
                None,
                ResidentReport.objects.create(area=area, category=FindingCategory.objects.first(), what="Mørk sti").pk,
            )
        ],
        "outreach": [(None, make_outreach_contact().pk)],
        "accesslog": [(None, access.pk)],
    }
    # What each role must never read, on any screen: another organisation's internal finding, and the
    # cases (narrative, parties, reference) it is not assigned to or leading.
    mine = [MY_CASE_SECRET, MY_PARTY, my_case.reference]
    colleagues = [COLLEAGUES_CASE_SECRET, COLLEAGUES_PARTY, colleagues_case.reference]
    never = {
        "anonymous": [SECRET, *mine, *colleagues],
        "police partner": [SECRET, *mine, *colleagues],
        "municipality partner": [*mine, *colleagues],
        "staff": [*mine, *colleagues],
        "mediator": colleagues,
        "mediation lead": [],
        "superuser": [*mine, *colleagues],
    }
    return {
        "users": users,
        "objects": objects,
        "never": never,
        "police_finding": police_finding,
        "municipality_finding": municipality_finding,
    }


def requests_for(route: str, screen: Screen, objects: dict):
    """(url, keeper) for each object the route can take, or the route itself."""
    path = "/" + route.replace("^", "").replace("$", "")
    if screen.takes is None:
        yield path, None
        return
    for keeper, pk in objects[screen.takes]:
        yield PLACEHOLDER.sub(str(pk), path), keeper


def area_of(path: str) -> str:
    """The admin area a URL belongs to: /admin/mediation/party/3/ is in /admin/mediation/."""
    return "/".join(path.split("/")[:3]) + "/"


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="ignore")


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_over_every_admin_route(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    client.raise_request_exception = False  # a 500 is recorded and reported with the others, not raised
    failures = []
    for route in plugin_admin_routes():
        screen = ROUTES.get(route)
        if screen is None:
            failures.append(f"{route} is not in the matrix")
            continue
        for url, keeper in requests_for(route, screen, world["objects"]):
            allowed = screen.who(role, keeper)
            response = getattr(client, screen.method)(url)
            status = response.status_code
            location = urlsplit(response.get("Location", "")).path
            body = body_of(response)
            if status >= 500:
                error = response.exc_info[1] if response.exc_info else ""
                failures.append(f"{role}: {screen.method.upper()} {url} answered {status} {error!r}")
            elif allowed and not (
                status == 200
                or (
                    status == 302
                    and location.startswith(area_of(url) if not screen.lands_in else (area_of(url), screen.lands_in))
                )
            ):
                failures.append(f"{role} should reach {url}, got {status} {location}")
            elif not allowed:
                if role == "anonymous" and not (status == 302 and location == "/admin/login/"):
                    failures.append(f"anonymous must be sent to the login from {url}, got {status} {location}")
                elif status == 302 and location not in ("/admin/login/", "/admin/"):
                    failures.append(f"{role} refused {url} but sent to {location}")
                elif status not in (302, 403, 404):
                    failures.append(f"{role} must not reach {url}, got {status}")
            for secret in world["never"][role]:
                if secret in body:
                    failures.append(f"{url} shows {role} {secret!r}")
    assert not failures, "\n".join(failures)


def test_partner_list_and_export_show_only_their_organisations_findings(client, world):
    client.force_login(world["users"]["police partner"])
    html = client.get("/admin/safety_walks/finding/").content.decode()
    assert "Politiets fund" in html and SECRET not in html
    export = client.get("/admin/safety_walks/finding/", {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    assert "Politiets fund" in content and SECRET not in content
    search = client.get("/admin/safety_walks/finding/", {"q": "Hemmeligt"}).content.decode()
    assert SECRET not in search


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/api/main/pages/",
        "/admin/pages/search/?q=fund",
        "/admin/choose-page/",
        "/admin/",
        "/admin/reports/",
    ],
)
def test_wagtails_own_screens_do_not_leak_other_organisations_findings_to_a_partner(client, world, url):
    client.force_login(world["users"]["police partner"])
    response = client.get(url)
    assert SECRET not in response.content.decode(errors="ignore")


def test_partner_sees_only_my_items_in_the_menu(client, world):
    client.force_login(world["users"]["police partner"])
    html = client.get("/admin/").content.decode()
    assert "Mine opgaver" in html
    for other in ("Sider", "Billeder", "Dokumenter", "Indstillinger", "Rapporter", "Tryghedsvandringer"):
        assert f'"label": "{other}"' not in html and f">{other}<" not in html
