"""What every admin request pays for the plugin on top of Wagtail (#18): its middlewares read the user's roles in
one query and resolve no address Django has not resolved already, while the login guards still hold."""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from estates import roles
from tests.builders import make_user

pytestmark = pytest.mark.django_db

# The plugin's middlewares, and what stands in their place without the plugin: the libraries' own middlewares
# where the plugin's extends one, nothing where it only adds a check.
WITHOUT_THE_PLUGIN = {
    "estates.middleware_limits.RequestSizeLimitMiddleware": None,
    "estates.csp.CSPMiddleware": "csp.middleware.CSPMiddleware",
    "estates.guards.RejectNulBytesMiddleware": None,
    "estates.locale_middleware.LocaleMiddleware": "django.middleware.locale.LocaleMiddleware",
    "estates.cache_middleware.AnonymousPageCacheMiddleware": None,
    "estates.middleware.PartnerAdminScopeMiddleware": None,
    "estates.security.two_factor.MediationTwoFactorMiddleware": "django_otp.middleware.OTPMiddleware",
    "estates.security.middleware.LoginGuardMiddleware": None,
}


def bare_middleware() -> list[str]:
    chain = [WITHOUT_THE_PLUGIN.get(name, name) for name in django_settings.MIDDLEWARE]
    return [name for name in chain if name is not None]


def test_the_list_covers_every_middleware_of_the_plugin():
    plugin = {name for name in django_settings.MIDDLEWARE if name.startswith("estates.")}
    assert plugin == set(WITHOUT_THE_PLUGIN)


def queries_of(client: Client, url: str) -> list[str]:
    assert client.get(url).status_code == 200  # the menu and other caches warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def logged_in(user, device=None) -> Client:
    client = Client()
    client.force_login(user)
    if device is not None:  # the session passed the second factor with this device (as django_otp.login keeps it)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def with_and_without_the_plugins_middleware(settings, user, url, device=None) -> tuple[list[str], list[str]]:
    with_plugin = queries_of(logged_in(user, device), url)
    settings.MIDDLEWARE = bare_middleware()
    # A new client: its handler loads the middleware anew.
    return with_plugin, queries_of(logged_in(user, device), url)


def test_on_a_wagtail_screen_the_plugins_middlewares_add_only_the_roles_query(settings, staff_user):
    with_plugin, bare = with_and_without_the_plugins_middleware(
        settings, staff_user, reverse("wagtailsnippets_estates_organisation:list")
    )
    # The user's groups and organisations (estates.access.roles_of), which the partner scope asks; nothing else.
    assert len(with_plugin) == len(bare) + 1
    assert [sql for sql in with_plugin if "estates_membership" in sql] != []
    assert [sql for sql in bare if "estates_membership" in sql] == []


def test_on_a_plugin_list_the_roles_are_read_once_for_the_middlewares_and_the_list(settings, staff_user):
    with_plugin, bare = with_and_without_the_plugins_middleware(
        settings, staff_user, reverse("safety_walks_finding_modeladmin_index") + "?overdue=yes"
    )
    assert len(with_plugin) == len(bare)
    assert sum("estates_membership" in sql for sql in with_plugin) == 1


def test_a_verified_mediators_admin_screen_costs_the_second_factor_no_query(settings, mediator_user):
    settings.BOLIGSOCIAL_TWO_FACTOR_REQUIRED = True
    device = TOTPDevice.objects.create(user=mediator_user, name="Telefon", confirmed=True)
    url = reverse("wagtailsnippets_estates_organisation:list")
    assert logged_in(mediator_user).get(url).status_code == 302  # without the second factor: to the code first
    with_plugin, bare = with_and_without_the_plugins_middleware(settings, mediator_user, url, device)
    # Both chains load the session's device with django-otp; the plugin adds the roles query and nothing else.
    assert sum("otp_totp" in sql for sql in with_plugin) == sum("otp_totp" in sql for sql in bare) == 1
    assert len(with_plugin) == len(bare) + 1


@pytest.fixture
def root_resolutions(monkeypatch):
    """How often an address is resolved against the site's URLconf."""
    resolutions = []
    resolve = URLResolver.resolve

    def counting(self, path):
        if self is get_resolver():
            resolutions.append(path)
        return resolve(self, path)

    monkeypatch.setattr(URLResolver, "resolve", counting)
    return resolutions


@pytest.mark.parametrize("username", ["staff", "mediator"])
def test_an_admin_screen_resolves_its_address_once(client, root_resolutions, username, staff_user, mediator_user):
    client.force_login(staff_user if username == "staff" else mediator_user)
    url = reverse("safety_walks_finding_modeladmin_index")
    client.get(url)
    root_resolutions.clear()
    assert client.get(url).status_code == 200
    assert root_resolutions == [url]


def test_logout_by_get_still_only_asks_and_by_post_logs_out(client):
    client.force_login(make_user(roles.PARTNERS, username="partnerlogout"))
    asked = client.get(reverse("wagtailadmin_logout"))
    assert asked.status_code == 200 and "Log ud?" in asked.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # still logged in
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # to the login


def test_a_reset_posted_without_a_csrf_token_is_refused_before_it_counts(settings):
    make_user(username="drift", email="drift@example.org")
    strict = Client(enforce_csrf_checks=True)
    url = reverse("wagtailadmin_password_reset")
    for _ in range(settings.BOLIGSOCIAL_PASSWORD_RESETS_PER_ACCOUNT + 2):
        assert strict.post(url, {"email": "drift@example.org"}).status_code == 403
    # The forged posts used none of the account's resets: a real one still sends its mail.
    assert Client().post(url, {"email": "drift@example.org"}).status_code == 302
    assert len(mail.outbox) == 1
