"""Statistics show no count below 3, and no combination of the figures reveals one."""

import itertools
import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from mediation.models import Case, MediationStatisticsPage
from mediation.statistics import HIDDEN, SMALL, suppress, year_statistics
from tests.builders import make_area
from tests.mediation.builders import make_case, make_party
from tests.mediation.conftest import PLANTED


def possible_values(shown: list[str], total: int, *, adds_up: bool = True) -> list[set[int]]:
    """What a reader who knows the total can work out about each cell: every value it could have.

    `adds_up`: the cells add up to the total; otherwise (conflict types) they add up to at least the total.
    """
    ranges = []
    for value in shown:
        if value == SMALL:
            ranges.append(range(0, 3))
        elif value == HIDDEN:
            ranges.append(range(3, total + 1))
        else:
            ranges.append(range(int(value), int(value) + 1))
    possible = [set() for _ in shown]
    for combination in itertools.product(*ranges):
        if sum(combination) == total if adds_up else sum(combination) >= total:
            for index, count in enumerate(combination):
                possible[index].add(count)
    return possible


def test_counts_below_three_are_shown_as_less_than_three():
    assert suppress([5, 2, 7, 1, 0], None) == ["5", SMALL, HIDDEN, SMALL, SMALL]


def test_a_small_count_is_protected_by_hiding_another_cell():
    shown = suppress([5, 1, 7], 13)
    assert shown == ["5", SMALL, HIDDEN]
    assert possible_values(shown, 13)[1] == {0, 1, 2}


def test_two_small_counts_that_add_up_to_the_rest_are_protected():
    # Without the hidden cell, 2 + 2 = 13 - 9 would pin both to 2.
    shown = suppress([2, 2, 9], 13)
    assert shown == [SMALL, SMALL, HIDDEN]
    assert all(len(possible) > 1 for possible in possible_values(shown, 13)[:2])


def test_a_table_without_small_counts_is_shown_as_it_is():
    assert suppress([5, 3, 7], 15) == ["5", "3", "7"]


def test_no_table_lets_a_reader_work_out_a_count_of_one_or_two():
    rng = random.Random(20261126)
    checked = 0
    for _ in range(500):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 12]) for _ in range(rng.randint(1, 5))]
        total = sum(counts)
        known_total = total if total >= 3 else None  # a total below 3 is itself shown as "<3"
        shown = suppress(counts, known_total)
        if shown is None:
            continue  # nothing is published for such a year
        if known_total is None:
            readings = [possible_values(shown, guess) for guess in range(3)]
            possibilities = [set().union(*(reading[i] for reading in readings)) for i in range(len(counts))]
        else:
            possibilities = possible_values(shown, total)
        for count, value, possible in zip(counts, shown, possibilities, strict=True):
            assert count in possible
            if value == SMALL and count > 0:
                checked += 1
                assert len(possible) > 1, (counts, shown)
    assert checked > 100


def test_conflict_type_counts_are_protected_although_they_do_not_add_up():
    # Every case has a type, so the types add up to at least the total: 21 + x >= 23 would pin x to 2.
    counts, total = [3, 3, 3, 3, 3, 3, 3, 2], 23
    shown = suppress(counts, total)
    assert shown[-1] == SMALL and HIDDEN in shown
    assert len(possible_values(shown, total, adds_up=False)[-1]) > 1


def test_small_counts_only_are_shown_when_the_total_leaves_them_open():
    shown = suppress([2, 1, 0, 2], 5)
    assert shown == [SMALL] * 4
    assert all(len(possible) > 1 for possible in possible_values(shown, 5)[:2])


def test_suppression_gives_up_when_the_total_forces_every_small_count():
    assert suppress([2, 2], 4) is None


@pytest.mark.django_db
def test_year_statistics_count_cases_by_area_quarter_outcome_and_conflict_type(mediator_user):
    north, south = make_area(name="Nordparken"), make_area(name="Søndergården")
    for month in (1, 2, 3, 4, 5):
        make_case(mediators=[mediator_user], area=north, intake_date=date(2025, month, 10), parties=0)
    make_case(mediators=[mediator_user], area=south, intake_date=date(2025, 11, 3), parties=0, conflict_types=("pets",))
    for _ in range(3):
        make_case(
            mediators=[mediator_user],
            area=south,
            intake_date=date(2025, 12, 1),
            parties=0,
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.RESOLVED,
            closed_on=date(2025, 12, 20),
        )
    make_case(mediators=[mediator_user], area=north, intake_date=date(2024, 5, 1), parties=0)  # another year

    publication = year_statistics(2025, cases=Case.objects.all())

    assert publication.total == "9"
    tables = {table.key: table for table in publication.tables}
    assert {row.label: row.value for row in tables["area"].rows} == {
        "Nordparken": "5",
        "Søndergården": HIDDEN,  # hidden so that the "<3" below cannot be worked out from the total
        "Intet boligområde angivet": SMALL,
    }
    assert tables["area"].total == "9"
    assert [row.value for row in tables["quarter"].rows] == ["3", SMALL, SMALL, HIDDEN]
    outcomes = {row.label: row.value for row in tables["outcome"].rows}
    assert outcomes["Løst"] == "3" and outcomes["Ikke afsluttet endnu"] == HIDDEN
    types = {row.label: row.value for row in tables["conflict_type"].rows}
    assert types["Støj"] == HIDDEN and types["Kæledyr"] == SMALL
    assert tables["conflict_type"].total is None
    for table in publication.tables:
        if table.total is not None and table.total.isdigit():
            shown = [row.value for row in table.rows]
            for value, possible in zip(shown, possible_values(shown, int(table.total)), strict=True):
                if value == SMALL and possible != {0}:
                    assert len(possible) > 1, (table.key, shown)


@pytest.mark.django_db
def test_nothing_is_published_for_a_year_whose_counts_cannot_be_protected(mediator_user):
    area = make_area(name="Nordparken")
    for day, with_area in ((5, True), (6, True), (7, False), (8, False)):
        make_case(mediators=[mediator_user], area=area if with_area else None, intake_date=date(2025, 1, day))
    # Nordparken 2 and no area 2, total 4: both "<3" would have to be 2. Not even the total is shown.
    publication = year_statistics(2025, cases=Case.objects.all())
    assert publication.withheld
    assert publication.tables == () and publication.total == ""


@pytest.mark.django_db
def test_mediation_leads_see_the_statistics_in_the_admin(client, mediator_user, mediation_lead_user, staff_user):
    make_case(mediators=[mediator_user], intake_date=date(2025, 3, 1))
    url = reverse("mediation:statistics")
    for user in (mediator_user, staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 302
    client.force_login(mediation_lead_user)
    html = client.get(url, {"year": "2025"}).content.decode()
    assert "Sager efter boligområde" in html
    assert "&lt;3" in html
    assert client.get(url, {"year": "x"}).status_code == 200  # a bad year shows this year, no error


@pytest.fixture
def statistics_page(home_page):
    with freeze_time("2026-02-01"):
        page = home_page.add_child(instance=MediationStatisticsPage(title="Mægling i tal 2025", slug="tal", year=2025))
    return page


@pytest.mark.django_db
def test_the_statistics_page_publishes_only_the_suppressed_figures(client, statistics_page, mediator_user):
    north, west = make_area(name="Nordparken"), make_area(name="Vestervang")
    for day in range(1, 8):
        area = north if day <= 4 else west
        case = make_case(mediators=[mediator_user], area=area, intake_date=date(2025, 6, day), description=PLANTED)
    make_party(case=case, name="Jonas Berg")
    with freeze_time("2026-02-01"):
        html = client.get(statistics_page.url).content.decode()
    assert "Sager efter boligområde" in html
    assert '<th scope="row">Nordparken</th><td>4</td>' in html
    assert '<th scope="row">Vestervang</th><td>*</td>' in html  # protects the "<3" of cases without an area
    assert "&lt;3" in html
    for secret in (PLANTED, "Jonas Berg", case.reference):
        assert secret not in html


@pytest.mark.django_db
def test_only_completed_years_can_be_published(home_page):
    with freeze_time("2026-02-01"):
        with pytest.raises(ValidationError) as error:
            home_page.add_child(instance=MediationStatisticsPage(title="Tal", slug="tal-2026", year=2026))
        assert "year" in error.value.message_dict
        home_page.add_child(instance=MediationStatisticsPage(title="Tal", slug="tal-2025", year=2025))


@pytest.mark.django_db
def test_a_page_for_a_year_not_yet_over_shows_no_figures(client, statistics_page, mediator_user):
    make_case(mediators=[mediator_user], intake_date=date(2025, 6, 1))
    with freeze_time("2025-12-01"):
        html = client.get(statistics_page.url).content.decode()
    assert "Tallene for 2025 offentliggøres, når året er slut." in html
    assert "Sager efter" not in html
