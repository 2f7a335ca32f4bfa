import pytest

from estates import roles
from tests.builders import make_home_page, make_organisation, make_user


@pytest.fixture
def home_page(db):
    return make_home_page()


@pytest.fixture
def staff_user(db):
    return make_user(roles.STAFF, username="staff")


@pytest.fixture
def partner_organisation(db):
    return make_organisation(name="Lokalpolitiet")


@pytest.fixture
def partner_user(partner_organisation):
    return make_user(roles.PARTNERS, organisation=partner_organisation, username="partner")


@pytest.fixture
def mediator_user(db):
    return make_user(roles.STAFF, roles.MEDIATORS, username="mediator")


@pytest.fixture
def mediation_lead_user(db):
    return make_user(roles.STAFF, roles.MEDIATION_LEADS, username="lead")
