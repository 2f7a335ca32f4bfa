"""Plain builder functions for tests: real rows, real Wagtail pages, sensible defaults."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from estates.models import HousingArea, Membership, Organisation
from home.models import HomePage

_counter = itertools.count(1)


def make_home_page(**kwargs) -> HomePage:
    """The site's home page, attached to the default site (replacing Wagtail's welcome page)."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    kwargs.setdefault("title", "Velkommen")
    kwargs.setdefault("slug", "forside")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(**kwargs))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def make_area(**kwargs) -> HousingArea:
    n = next(_counter)
    kwargs.setdefault("name", f"Område {n}")
    kwargs.setdefault("slug", f"omraade-{n}")
    return HousingArea.objects.create(**kwargs)


def make_organisation(**kwargs) -> Organisation:
    kwargs.setdefault("name", f"Organisation {next(_counter)}")
    kwargs.setdefault("kind", Organisation.Kind.MUNICIPALITY)
    kwargs.setdefault("contact_email", "kontakt@example.org")
    return Organisation.objects.create(**kwargs)


def make_user(*groups: str, organisation: Organisation | None = None, **kwargs):
    n = next(_counter)
    kwargs.setdefault("username", f"bruger{n}")
    kwargs.setdefault("email", f"bruger{n}@example.org")
    kwargs.setdefault("password", "Hemmelig-kode-123")
    user = get_user_model().objects.create_user(**kwargs)
    user.groups.set(Group.objects.filter(name__in=groups))
    if organisation is not None:
        Membership.objects.create(organisation=organisation, user=user)
    return user
