"""The permission matrix (ARCHITECTURE.md) walked over every admin URL this project registers.

The URLs are enumerated from the resolver, so a new view cannot be forgotten: a route that is not in
the matrix below fails the test until someone decides who may use it.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.log_actions import log

from estates import roles
from safety_walks.models import FindingCategory, FollowUpMeeting, ThemeMeeting
from safety_walks.models.findings import ResponsibilityStatus as RS
from tests.builders import make_area, make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

PROJECT_PREFIXES = (
    "admin/^safety_walks/",
    "admin/safety-walks/",
    "admin/estates/",
    "admin/snippets/estates/",
    "admin/snippets/choose/estates/",
)

# Routes a partner may use, on their own organisation's findings only.
PARTNER_ROUTES = {
    "admin/^safety_walks/finding/$",
    "admin/^safety_walks/finding/inspect/(?P<instance_pk>[-\\w]+)/$",
    "admin/^safety_walks/finding/history/(?P<instance_pk>[-\\w]+)/$",
    "admin/safety-walks/finding/<int:finding_id>/update/",
    "admin/safety-walks/my-items/",
}
# Routes staff may not use because they are about the user's own organisation.
MEMBERS_ONLY_ROUTES = {"admin/safety-walks/my-items/"}

SECRET = "Hemmeligt fund om politiets sag"


def project_admin_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return sorted({route for route in walk(get_resolver().url_patterns) if route.startswith(PROJECT_PREFIXES)})


@pytest.fixture
def world():
    police, municipality = make_organisation(name="Politiet"), make_organisation(name="Kommunen")
    walk = make_walk(areas=[make_area()])
    police_finding = make_finding(walk, title="Politiets fund", responsibilities=[(police, RS.PLACED, 30)])
    municipality_finding = make_finding(
        walk, title=SECRET, is_public=False, responsibilities=[(municipality, RS.PLACED, 30)]
    )
    log(instance=municipality_finding, action="wagtail.create")
    meeting = ThemeMeeting.objects.create(title="Temamøde", problem="x", starts_at=walk.walk_date, place="Huset")
    meeting.walks.add(walk)
    follow_up = FollowUpMeeting.objects.create(walk=walk, held_on=date(2026, 11, 1))
    users = {
        "anonymous": None,
        "police partner": make_user(roles.PARTNERS, organisation=police),
        "municipality partner": make_user(roles.PARTNERS, organisation=municipality),
        "staff": make_user(roles.STAFF),
        "mediator": make_user(roles.STAFF, roles.MEDIATORS),
    }
    return {
        "users": users,
        "police": police,
        "municipality": municipality,
        "police_finding": police_finding,
        "municipality_finding": municipality_finding,
        "objects": {
            "finding": police_finding.pk,
            "followupmeeting": follow_up.pk,
            "thememeeting": meeting.pk,
            "findingcategory": FindingCategory.objects.first().pk,
            "housingarea": walk.areas.first().pk,
            "organisation": police.pk,
        },
        "walk": walk,
    }


def concrete_url(route: str, world: dict, finding_pk: int) -> str:
    url = "/" + route.replace("^", "").replace("$", "")
    model = next((name for name in world["objects"] if f"/{name}/" in url), None)
    object_pk = finding_pk if model == "finding" else world["objects"].get(model)
    for placeholder in ("(?P<instance_pk>[-\\w]+)", "<int:pk>", "<str:pk>"):
        url = url.replace(placeholder, str(object_pk))
    return url.replace("<int:walk_id>", str(world["walk"].pk)).replace("<int:finding_id>", str(finding_pk))


def expected_allowed(role: str, route: str, finding_is_own: bool) -> bool:
    if role == "anonymous":
        return False
    if role in ("staff", "mediator"):
        return route not in MEMBERS_ONLY_ROUTES
    return route in PARTNER_ROUTES and (finding_is_own or "finding" not in route or route.endswith("finding/$"))


def test_every_project_admin_route_is_in_the_matrix():
    routes = project_admin_routes()
    assert len(routes) > 40
    assert set(routes) >= PARTNER_ROUTES


@pytest.mark.parametrize("role", ["anonymous", "police partner", "municipality partner", "staff", "mediator"])
def test_permission_matrix_over_every_admin_route(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    failures = []
    for route in project_admin_routes():
        pairs = ((world["police_finding"], world["police"]), (world["municipality_finding"], world["municipality"]))
        for finding, owner in pairs:
            url = concrete_url(route, world, finding.pk)
            own = user is not None and owner is not None and owner.memberships.filter(user=user).exists()
            allowed = expected_allowed(role, route, own)
            response = client.get(url)
            body = response.content.decode(errors="ignore") if not response.streaming else ""
            if allowed and response.status_code != 200:
                failures.append(f"{role} should reach {url}, got {response.status_code}")
            if not allowed:
                if response.status_code == 200:
                    failures.append(f"{role} must not reach {url}")
                if response.status_code == 302 and role == "anonymous" and "/admin/login/" not in response["Location"]:
                    failures.append(f"anonymous sent elsewhere than the login from {url}")
            if role == "police partner" and SECRET in body:
                failures.append(f"{url} shows another organisation's finding to a partner")
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
