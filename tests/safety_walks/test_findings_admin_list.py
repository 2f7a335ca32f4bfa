"""The staff findings list renders its rows and filters in one pass (estates/modeladmin_rows.py): what staff
and partners see is what modeladmin's own tags show, the next deadline is the earliest open one, and a walk
or organisation without findings is not offered as a filter."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail_modeladmin.templatetags import modeladmin_tags

from estates import roles
from safety_walks.statuses import ResponsibilityStatus as RS
from tests.builders import make_organisation, make_user
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db

FINDINGS = "/admin/safety_walks/finding/"


@pytest.fixture
def police():
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def findings(police):
    municipality = make_organisation(name="Teknik og Miljø")
    walk = make_walk(title="Vandring i Nordparken", walk_date=timezone.now())
    make_finding(walk, title="Mørk sti <bag> blok 4", responsibilities=[(police, RS.IN_PROGRESS, 30)])
    make_finding(
        walk,
        title="Knust lygte",
        is_public=False,
        responsibilities=[(police, RS.RESOLVED, 5), (municipality, RS.PLACED, 40), (municipality, RS.PLACED, 20)],
    )
    make_finding(make_walk(title="Vandring i Vest"), title="Ingen ansvarlig endnu")
    make_finding(
        make_walk(title="Gammel vandring", walk_date=timezone.now()),
        title="Overskredet",
        responsibilities=[(municipality, RS.PLACED, -1)],
    )
    make_walk(title="Vandring uden fund")


def normalised(html: str) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def row_of(html: str, title: str) -> str:
    (row,) = [row for row in re.findall(r'<tr class="(?:odd|even)".*?</tr>', html) if f">{title}</a>" in row]
    return row


def as_modeladmin_shows_it(response) -> tuple[str, str]:
    """The rows and the filters of the list's page as modeladmin's result_list and admin_list_filter tags make
    them, from the view's own context."""
    context = response.context_data
    view = context["view"]
    table = modeladmin_tags.result_list({**context, "request": view.request})
    rows = get_template("modeladmin/includes/result_list.html").render(table, view.request)
    filters = "".join(modeladmin_tags.admin_list_filter(view, spec) for spec in view.filter_specs)
    body = re.search(r"<tbody>(.*)</tbody>", rows, re.S)
    return (body.group(1) if body else rows), filters


@pytest.mark.parametrize("who", ["staff", "partner"])
def test_the_list_shows_what_modeladmins_own_tags_show(client, findings, police, staff_user, who):
    user = staff_user if who == "staff" else make_user(roles.PARTNERS, organisation=police)
    client.force_login(user)

    for address in (FINDINGS, FINDINGS + "?overdue=yes", FINDINGS + "?q=lygte"):
        response = client.get(address)
        assert response.status_code == 200
        rows, filters = as_modeladmin_shows_it(response)
        html = normalised(response.content.decode())
        assert normalised(rows) in html
        assert normalised(filters) in html


def test_a_title_is_shown_as_text_not_markup(client, findings, staff_user):
    client.force_login(staff_user)
    html = client.get(FINDINGS).content.decode()
    assert "Mørk sti &lt;bag&gt; blok 4" in html
    assert "<bag>" not in html


def test_the_next_deadline_is_the_earliest_open_one_and_an_overdue_one_is_bold(client, findings, staff_user):
    client.force_login(staff_user)
    html = normalised(client.get(FINDINGS).content.decode())
    # Knust lygte: the resolved responsibility (5 days) no longer counts; of the open ones, 20 days is first.
    row = row_of(html, "Knust lygte")
    in_20_days = timezone.localdate() + timedelta(days=20)
    assert f'<td class="field-next_deadline title">{in_20_days:%d.%m.%Y}</td>' in row
    overdue = row_of(html, "Overskredet")
    yesterday = timezone.localdate() - timedelta(days=1)
    assert f"<strong>{yesterday:%d.%m.%Y} (overskredet)</strong>" in overdue
    no_one = row_of(html, "Ingen ansvarlig endnu")
    assert '<td class="field-next_deadline title">-</td>' in no_one


def test_only_walks_and_organisations_with_findings_are_offered(client, findings, staff_user):
    client.force_login(staff_user)
    html = client.get(FINDINGS).content.decode()
    assert "Vandring i Nordparken" in html and "Gammel vandring" in html
    assert "Vandring uden fund" not in html
    assert html.count("Teknik og Miljø") >= 2  # a row's "responsible" and the organisation filter


def test_the_unfiltered_list_is_counted_once(client, findings, staff_user):
    client.force_login(staff_user)
    client.get(FINDINGS)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(FINDINGS)
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "safety_walks_finding" in q["sql"]]
    assert len(counts) == 1
    assert response.context_data["result_count"] == response.context_data["all_count"] == 4
