import pytest

from estates import roles
from tests.builders import make_user
from tests.mediation.builders import make_case

# A sentence planted in confidential fields: it must never appear outside the case.
PLANTED = "Naboen i 3. th drikker og truer med kniv i opgangen"


@pytest.fixture
def colleague(db):
    """Another mediator, with cases of their own."""
    return make_user(roles.STAFF, roles.MEDIATORS, username="kollega", first_name="Karla", last_name="Kollega")


@pytest.fixture
def superuser(db):
    return make_user(is_superuser=True, is_staff=True, username="superbruger")


@pytest.fixture
def my_case(mediator_user):
    return make_case(mediators=[mediator_user], description=PLANTED)


@pytest.fixture
def colleagues_case(colleague):
    return make_case(mediators=[colleague], description=PLANTED)
