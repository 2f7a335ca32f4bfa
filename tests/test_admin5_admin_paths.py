"""Whether a request is for the admin (estates.admin_paths): decided once per request, never carried to another."""

from django.test import RequestFactory
from django.urls import reverse

from estates.admin_paths import is_admin_request


def test_each_request_gets_its_own_answer():
    factory = RequestFactory()
    admin = factory.get(reverse("wagtailadmin_home") + "pages/")
    page = factory.get("/da/omraade/")
    assert is_admin_request(admin) and is_admin_request(admin)
    assert not is_admin_request(page) and not is_admin_request(page)
    assert is_admin_request(factory.get(reverse("wagtailadmin_home")))


def test_an_address_merely_starting_like_the_admin_is_not_the_admin():
    prefix = reverse("wagtailadmin_home").rstrip("/")
    assert not is_admin_request(RequestFactory().get(f"{prefix}istration/"))
