"""The home page costs a bounded number of queries, whatever the number of walks and housing areas."""

import pytest

from tests.builders import make_area
from tests.safety_walks.builders import make_finding, make_walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 8])
def test_home_page_costs_the_same_queries_whatever_the_number_of_walks(
    client, home_page, django_assert_max_num_queries, count
):
    for _ in range(count):
        walk = make_walk(areas=[make_area()])
        make_finding(walk)
    client.get("/da/")
    with django_assert_max_num_queries(16):
        response = client.get("/da/")
    assert response.status_code == 200
