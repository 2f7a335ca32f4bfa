"""The links of a modeladmin list's filters and pages (estates.admin_lists.ListedOnce.get_query_string) are the ones
wagtail-modeladmin writes, without copying the address's parameters for each link."""

import pytest
from django.http import QueryDict
from wagtail_modeladmin.views import IndexView

from estates.admin_lists import ListedOnce


class View:
    def __init__(self, address):
        self.params = QueryDict(address, mutable=True)


@pytest.mark.parametrize("address", ["", "overdue=yes", "status=placed&status=in_progress&walk__id__exact=4&q=mørk"])
@pytest.mark.parametrize(
    ("new_params", "remove"),
    [
        (None, None),
        ({"p": 3}, None),
        ({"overdue": "yes"}, ["p"]),
        ({"status": None}, None),
        ({"walk__id__exact": 7, "walk__isnull": None}, ["walk__"]),
        (None, ["status", "overdue"]),
    ],
)
def test_a_link_is_modeladmins_own(address, new_params, remove):
    view = View(address)
    ours = ListedOnce.get_query_string(view, new_params, remove)
    assert ours == IndexView.get_query_string(view, new_params, remove)
    assert view.params == QueryDict(address)  # the address's own parameters are left as they were
