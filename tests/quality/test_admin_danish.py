"""No English on the screens staff, partners and mediators reach in a Danish session (issue #17).

Each role logs in through the login form and follows what it can see: the dashboard, every menu entry, one
create/edit/inspect/delete screen of a row in each of the plugin's lists, the page explorer and editor, the
messages after creating and publishing a page; anonymous visitors get the login, the password reset (form,
done, confirm with a real token, complete) and django-axes' lockout page.

A visible text (and a button's title, aria-label, placeholder or value) counts as English when it is an
English msgid of a catalogue in play (Django's, Wagtail's, wagtail-modeladmin's, wagtail-localize's, the
plugin's) that no Danish catalogue translates, or that is shown instead of its Danish translation; or when it
is made only of common English words. A failure lists every screen with every such string.
"""

import contextlib
import json
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import django
import polib
import pytest
from bs4 import BeautifulSoup, NavigableString
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import trans_real
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page
from wagtail.users.models import UserProfile

from community import services as community_services
from estates import roles
from estates.models import SentReminder
from safety_walks.models import FindingCategory, WalkIndexPage
from safety_walks.models.findings import ResponsibilityStatus
from safety_walks.models.reports import ResidentReport
from tests.builders import make_area, make_organisation, make_user
from tests.community.builders import make_activity, make_calendar
from tests.mediation.builders import make_case, make_outreach_contact
from tests.safety_walks.builders import make_finding, make_follow_up_meeting, make_theme_meeting, make_walk

pytestmark = pytest.mark.django_db

PASSWORD = "Hemmelig-kode-123"
DANISH = {"HTTP_ACCEPT_LANGUAGE": "da"}
PLUGIN_APPS = ("estates", "safety_walks", "community", "mediation")

# --- What counts as English ----------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
TRAILING = ".:!?…,;*"  # "*" marks a required field
# Common English words of an admin screen that are not also Danish words.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
        a about account actions add added all an and are ascending back by cancel change changed changes choose
        clear close comments copy create created current dashboard delete deleted descending details document
        documents draft edit edited editing email enter error errors explorer field fields filter filters find
        first forgot forgotten found from has have help here history home images in is it item items last latest
        live locked log login logout me menu more move my name new next no none not nothing of on or order out
        owner page pages password please preview previous private publish published recent reports required reset
        results revisions save saved search see select selected settings show sign snippet snippets sort sorry
        submit the there these this to try type unlock unpublish unpublished update updated upload user username
        users view was welcome were with workflow workflows yes you your
        """,
    )
)
# Words and labels that are Danish as well (or proper names of products) though they look English.
DANISH_TOO = {"admin", "filter", "status", "start", "type", "live", "wagtail", "email", "id", "ok", "dashboard"}


# English that Wagtail writes without gettext, so no catalogue can translate it (to be fixed upstream or by
# overriding the template): listed here with where it comes from, so that everything else is caught.
WAGTAIL_HARD_CODED = {
    "Search": "wagtailadmin/home.html and shared/header.html: the search form's screen-reader submit button",
    "Actions": "wagtailadmin/shared/headers/_actions.html: aria-label of the header's button bar",
    "None": "wagtailadmin/shared/side_panel_toggle.html: an empty counter, hidden until a script fills it",
}


def normalised(text: str) -> str:
    return " ".join(text.split()).rstrip(TRAILING).strip()


def _catalogue_files(language: str) -> list[Path]:
    """The gettext catalogues in play: Django's own and every installed app's (the host's locale/ too)."""
    roots = [Path(django.__file__).parent / "conf"]
    roots += [Path(app.path) for app in apps.get_app_configs()]
    roots += [Path(p).parent for p in settings.LOCALE_PATHS]
    found = []
    for root in roots:
        po = root / "locale" / language / "LC_MESSAGES" / "django.po"
        if po.is_file():
            found.append(po)
    return found


@cache
def english_msgids() -> dict[str, str]:
    """Every English msgid of the catalogues in play, normalised, mapped to the msgid as written."""
    msgids = {}
    for po in _catalogue_files("en") + _catalogue_files("da"):
        for entry in polib.pofile(str(po)):
            for msgid in (entry.msgid, entry.msgid_plural):
                shown = normalised(TAG.sub("", msgid))
                if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", shown)):
                    msgids.setdefault(shown, msgid)
    return msgids


@cache
def danish_catalogue() -> dict:
    """The merged Danish catalogue Django serves (app catalogues in INSTALLED_APPS order, LOCALE_PATHS first)."""
    return dict(trans_real.translation("da")._catalog.items())  # Django's merged catalogue (a private attribute)


@cache
def danish_texts() -> set[str]:
    """Every Danish translation, normalised: a text the catalogues give as Danish is Danish."""
    texts = set()
    for value in danish_catalogue().values():
        texts.add(normalised(TAG.sub("", value)).lower())
    return texts


@cache
def _kept() -> set[str]:
    """Msgids (normalised) whose Danish translation is the same text."""
    kept = set()
    for key, value in danish_catalogue().items():
        msgid = key[0] if isinstance(key, tuple) else key
        if "\x04" in msgid:  # msgctxt\x04msgid
            msgid = msgid.split("\x04", 1)[1]
        if normalised(TAG.sub("", value)) == normalised(TAG.sub("", msgid)):
            kept.add(normalised(TAG.sub("", msgid)))
    return kept


@cache
def _patterns() -> tuple[re.Pattern, list[tuple[re.Pattern, str]]]:
    """One regex for every msgid with placeholders (fast refusal), and each msgid's own regex (to name it)."""
    own = []
    for shown in english_msgids():
        literal_words = re.findall(r"[A-Za-z]+", PLACEHOLDER.sub(" ", shown))
        # "%(a)s for %(b)s" would match Danish sentences: a pattern needs some English of its own.
        if PLACEHOLDER.search(shown) and (len(literal_words) >= 2 or max(map(len, literal_words)) >= 5):
            parts = PLACEHOLDER.split(shown)
            own.append((shown, "(?:" + ".+?".join(re.escape(part) for part in parts) + ")"))
    combined = re.compile("|".join(pattern for _, pattern in own))
    return combined, [(re.compile(pattern), shown) for shown, pattern in own]


def english_msgid_of(text: str) -> str | None:
    """The English msgid this text is, if it is one that should have been Danish."""
    msgids = english_msgids()
    if text in msgids:
        return None if text in _kept() else text
    if not re.search(r"[A-Za-z]", text) or len(text) > 400:
        return None
    combined, own = _patterns()
    if combined.fullmatch(text):
        for pattern, shown in own:
            if pattern.fullmatch(text) and shown not in _kept():
                return shown
    return None


def only_english_words(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(word in ENGLISH_WORDS for word in words) and text.lower() not in DANISH_TOO


@cache
def language_names() -> set[str]:
    """Each language named in its own tongue (the language choosers): not a gap."""
    return {name for _, name in settings.LANGUAGES}


@cache
def is_english(text: str) -> bool:
    if (
        text.lower() in danish_texts()
        or text.lower() in DANISH_TOO
        or text in language_names()
        or text in WAGTAIL_HARD_CODED
    ):
        return False
    return english_msgid_of(text) is not None or only_english_words(text)


# --- What a screen shows ---------------------------------------------------------------------------------

HIDDEN = {"script", "style", "head", "svg", "code", "pre"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")
INLINE = {"a", "b", "strong", "em", "i", "span", "abbr", "small", "time", "mark", "kbd", "br", "bdi", "q", "sup"}
JSON_KEYS = {"label", "title", "text", "help_text", "heading"}


def _json_strings(value, key=""):
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _json_strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _json_strings(child, key)
    elif isinstance(value, str) and (key in JSON_KEYS or key.isupper()):
        yield value


def visible_texts(html: str) -> set[str]:
    """Text nodes, the text of small elements as a whole, labels of buttons and the menu's JSON labels."""
    soup = BeautifulSoup(html, "html.parser")
    texts = set()

    def read(element) -> tuple[str, bool]:
        """The element's text and whether it holds a block; a sentence with inline markup is one text."""
        if element.name == "script":
            if element.get("type") == "application/json":
                with contextlib.suppress(ValueError):
                    texts.update(_json_strings(json.loads(element.string or "null")))
            return "", False
        for attribute in ATTRIBUTES:
            if element.get(attribute):
                texts.add(element[attribute])
        # An input button shows its value; a <button> shows its content (its value is for the server).
        if element.name == "input" and element.get("type") in ("submit", "button", "reset"):
            texts.add(element.get("value", ""))
        if element.name in HIDDEN:
            return "", False
        parts, has_block = [], element.name not in INLINE
        blocks_inside = False
        for child in element.children:
            if type(child) is NavigableString:
                texts.add(str(child))
                parts.append(str(child))
            elif getattr(child, "name", None):
                text, child_block = read(child)
                parts.append(text)
                blocks_inside = blocks_inside or child_block
        whole = "".join(parts)
        if has_block and not blocks_inside:
            texts.add(whole)
        return whole, has_block or blocks_inside

    for top in soup.find_all(True, recursive=False):
        read(top)
    return {text for text in (normalised(t) for t in texts) if text}


# --- Crawling ----------------------------------------------------------------------------------------------


class Crawl:
    """One role's walk through the admin: each screen's English strings, and the screens already seen."""

    def __init__(self, client: Client):
        self.client = client
        self.seen: set[str] = set()
        self.gaps: dict[str, list[str]] = {}
        self.failures: list[str] = []
        self.listed: set[str] = set()

    def read(self, url: str, response) -> str:
        html = response.content.decode(errors="ignore") if not response.streaming else ""
        # A string is listed once, on the first screen that shows it.
        english = sorted(text for text in visible_texts(html) if is_english(text) and text not in self.listed)
        if english:
            self.listed.update(english)
            self.gaps.setdefault(url, []).extend(english)
        return html

    def get(self, url: str, **extra):
        """The screen at this URL (once per crawl), read."""
        if url in self.seen:
            return self.client.get(url, follow=True, **DANISH, **extra)
        self.seen.add(url)
        response = self.client.get(url, follow=True, **DANISH, **extra)
        if response.status_code != 200:
            self.failures.append(f"{url} answered {response.status_code}")
        self.read(url, response)
        return response

    def post(self, url: str, data: dict, **extra):
        """A form sent, and the screen it leads to (with its messages), fetched as a browser does after a 302."""
        response = self.client.post(url, data, **DANISH, **extra)
        if response.status_code in (301, 302, 303, 307, 308):
            response = self.client.get(response["Location"], follow=True, **DANISH)
        self.read(f"POST {url}", response)
        return response

    def report(self) -> str:
        lines = [*self.failures]
        for url, texts in sorted(self.gaps.items()):
            lines.append(f"{url}")
            lines += [f"    {text!r}" for text in texts]
        return "\n".join(lines)


def menu_urls(html: str) -> list[str]:
    """Every admin URL the sidebar offers (Wagtail renders the menu from JSON props)."""
    urls = []

    def walk(value):
        if isinstance(value, dict):
            url = value.get("url")
            if isinstance(url, str) and url.startswith("/admin/"):
                urls.append(url)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script", type="application/json"):
        with contextlib.suppress(ValueError):
            walk(json.loads(script.string or "null"))
    return list(dict.fromkeys(url for url in urls if "logout" not in url))


def row_screens(html: str) -> list[str]:
    """The plugin's screens a list links to, one of each kind: create, and edit, inspect, delete, update...
    of a row (the URL with its numbers taken out is the kind)."""
    kinds = {}
    for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        parts = urlsplit(link["href"])
        kind = re.sub(r"/\d+/", "/N/", parts.path)
        if parts.query or not parts.path.startswith("/admin/") or kind in kinds:
            continue
        if re.search(r"/(\d+|create|add|new)/", parts.path) and is_plugin_url(parts.path):
            kinds[kind] = parts.path
    return list(kinds.values())


def is_plugin_url(url: str) -> bool:
    """Whether the plugin answers this admin URL: the view's module, the class serving it (a ModelAdmin's
    bound view, a view class) or the model it is about (as tests/partners/test_permission_matrix.py asks)."""
    try:
        callback = resolve(urlsplit(url).path).func
    except Resolver404:
        return False
    modules = set()
    while callback is not None:
        owner = getattr(callback, "__self__", None)
        modules.add(getattr(callback, "__module__", None) or "")
        modules.add(getattr(getattr(callback, "view_class", None), "__module__", "") or "")
        if owner is not None:
            modules.add(type(owner).__module__)
            modules.add(getattr(getattr(owner, "model", None), "__module__", "") or "")
        for value in (getattr(callback, "view_initkwargs", None) or {}).values():
            model = value if hasattr(value, "_meta") else getattr(value, "model", None)
            if hasattr(model, "_meta"):
                modules.add(model.__module__)
        callback = getattr(callback, "__wrapped__", None)
    return any(module.split(".")[0] in PLUGIN_APPS for module in modules if module)


def form_data(html: str, form_id: str) -> dict:
    """What a browser would send from a form as it stands (inputs, selects, textareas; no buttons)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        kind = field.get("type", "")
        if (
            not name
            or kind in ("submit", "button", "file")
            or (kind in ("checkbox", "radio") and not field.has_attr("checked"))
        ):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", "") if option else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "on" if kind == "checkbox" else "")
    return data


def plugin_page_models():
    return [model for model in apps.get_models() if issubclass(model, Page) and model._meta.app_label in PLUGIN_APPS]


def walk_the_pages(crawl: Crawl, user, area) -> None:
    """The explorer, each plugin page type's editor and create form, and creating and publishing a page."""
    for model in plugin_page_models():
        existing = model.objects.first()
        if existing is not None:
            crawl.get(reverse("wagtailadmin_explore", args=[existing.get_parent().pk]))
            crawl.get(reverse("wagtailadmin_pages:edit", args=[existing.pk]))
        parent = next(
            (
                page
                for page in Page.objects.all()
                if model.can_create_at(page.specific) and page.permissions_for_user(user).can_add_subpage()
            ),
            None,
        )
        if parent is not None:
            meta = model._meta
            crawl.get(reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]))
    walks = WalkIndexPage.objects.first()
    add = reverse("wagtailadmin_pages:add", args=["safety_walks", "walkpage", walks.pk])
    form = crawl.client.get(add)
    assert form.status_code == 200, (form.status_code, form.get("Location"))
    data = form_data(form.content.decode(), "page-edit-form")
    data.update(
        {
            "title": "Vandring i Sydparken",
            "slug": "vandring-i-sydparken",
            "walk_date": "2026-12-24 17:00",
            "areas": [area.pk],
        }
    )
    created = crawl.post(add, {**data, "action-publish": "1"})
    page = Page.objects.filter(slug="vandring-i-sydparken").first()
    assert page is not None and page.live, visible_texts(created.content.decode())
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(crawl.client.get(edit).content.decode(), "page-edit-form")
    data["title"] = "Tryghedsvandringer i Sydparken"
    crawl.post(edit, data)  # a draft saved
    crawl.post(edit, {**data, "action-publish": "1"})  # and published
    crawl.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    crawl.get(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    crawl.get(reverse("wagtailadmin_pages:history", args=[page.pk]))


def log_in(crawl: Crawl, user) -> None:
    crawl.get(reverse("wagtailadmin_login"))
    crawl.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})


def walk_the_admin(crawl: Crawl, only: tuple[str, ...] = ()) -> None:
    """The dashboard, every menu entry (those under `only` if given) and one screen of each row of a list."""
    dashboard = crawl.get(reverse("wagtailadmin_home"))
    for url in menu_urls(dashboard.content.decode()):
        if url in crawl.seen or (only and not url.startswith(only)):
            continue
        response = crawl.get(url)
        if response.status_code == 200 and is_plugin_url(url):
            for screen in row_screens(response.content.decode()):
                crawl.get(screen)
    crawl.get(reverse("wagtailadmin_account"))


# --- The world and the roles -------------------------------------------------------------------------------


@pytest.fixture
def estate(home_page):
    police = make_organisation(name="Politiet")
    area = make_area(name="Nordparken")
    walk = make_walk(areas=[area], title="Tryghedsvandring i Nordparken")
    make_finding(walk, title="Mørk sti", responsibilities=[(police, ResponsibilityStatus.PLACED, 30)])
    make_theme_meeting(title="Temamøde om lys", walks=[walk])
    make_follow_up_meeting(walk)
    last_week = timezone.now().replace(microsecond=0) - timedelta(days=7)
    activity = make_activity(make_calendar(), title="Lektiecafé", starts_at=last_week)
    community_services.attendance_record(activity=activity, occurrence_date=timezone.localdate(last_week), children=3)
    make_outreach_contact()
    ResidentReport.objects.create(area=area, category=FindingCategory.objects.first(), what="Mørk sti ved p-pladsen")
    SentReminder.objects.create(
        kind="safety_walks.follow_up",
        subject_key=f"walk:{walk.pk}",
        due_on=date(2026, 11, 1),
        recipient=make_user(roles.STAFF),
        subject="Opfølgningsmøde om en måned",
        body_template="x",
    )
    return {"police": police, "area": area, "walk": walk}


def danish_user(*groups, **kwargs):
    kwargs.setdefault("first_name", "Grethe")
    kwargs.setdefault("last_name", "Sørensen")
    return make_user(*groups, password=PASSWORD, **kwargs)


def fail_on_gaps(crawl: Crawl) -> None:
    assert not crawl.failures and not crawl.gaps, "English on Danish screens:\n" + crawl.report()


def test_logged_out_screens_are_danish(client, home_page):
    user = danish_user(roles.PARTNERS, organisation=make_organisation(name="Kommunen"), email="grethe@example.org")
    crawl = Crawl(client)
    crawl.get(reverse("wagtailadmin_login"))
    crawl.post(reverse("wagtailadmin_login"), {"username": user.username, "password": "forkert"})
    crawl.get(reverse("wagtailadmin_password_reset"))
    crawl.post(reverse("wagtailadmin_password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    confirm = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    form = crawl.get(confirm)
    set_password = form.redirect_chain[-1][0] if form.redirect_chain else confirm
    crawl.post(set_password, {"new_password1": "Et-nyt-kodeord-42", "new_password2": "Et-nyt-kodeord-42"})
    crawl.get(reverse("wagtailadmin_password_reset_complete"))
    user.refresh_from_db()
    assert user.check_password("Et-nyt-kodeord-42")  # the whole reset was walked, not its first error
    fail_on_gaps(crawl)


@override_settings(AXES_ENABLED=True)
def test_the_lockout_page_is_danish_and_its_reset_link_works(client, home_page):
    user = danish_user(roles.PARTNERS)
    crawl = Crawl(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(
            reverse("wagtailadmin_login"), {"username": user.username, "password": "forkert"}, **DANISH
        )
    assert locked.status_code == 429
    html = crawl.read("lockout", locked)
    soup = BeautifulSoup(html, "html.parser")
    link = soup.find("a", string=re.compile("Glemt adgangskode"))
    assert link is not None, "the lockout page offers no 'Glemt adgangskode?' link"
    assert crawl.get(link["href"]).status_code == 200
    fail_on_gaps(crawl)


def test_a_partners_screens_are_danish(client, estate):
    partner = danish_user(roles.PARTNERS, organisation=estate["police"])
    crawl = Crawl(client)
    log_in(crawl, partner)
    walk_the_admin(crawl)
    assert reverse("safety_walks_my_items") in crawl.seen
    fail_on_gaps(crawl)


def test_staffs_screens_are_danish(client, estate, home_page):
    staff = danish_user(roles.STAFF)
    crawl = Crawl(client)
    log_in(crawl, staff)
    walk_the_admin(crawl)
    walk_the_pages(crawl, staff, estate["area"])
    fail_on_gaps(crawl)


@override_settings(BOLIGSOCIAL_TWO_FACTOR_REQUIRED=True, OTP_TOTP_THROTTLE_FACTOR=0)
@pytest.mark.parametrize("role", [roles.MEDIATORS, roles.MEDIATION_LEADS])
def test_mediators_screens_are_danish(client, estate, role):
    mediator = danish_user(roles.STAFF, role)
    make_case(mediators=[mediator], area=estate["area"])
    crawl = Crawl(client)
    log_in(crawl, mediator)  # answered with the enrolment of a phone: the second factor
    crawl.get(reverse("boligsocial_two_factor_enrol"))
    device = TOTPDevice.objects.create(user=mediator, name="Telefon", confirmed=True)
    crawl.get(reverse("boligsocial_two_factor_verify"))
    crawl.post(reverse("boligsocial_two_factor_verify"), {"otp_token": "000000"})
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    crawl.post(reverse("boligsocial_two_factor_verify"), {"otp_token": code})
    # Mediators are staff too: the staff's test reads the screens they share.
    walk_the_admin(crawl, only=("/admin/mediation/", "/admin/two-factor/"))
    assert any("/inspect/" in url for url in crawl.seen)  # past the second factor, into a case
    fail_on_gaps(crawl)


def test_the_check_sees_english(client, home_page):
    """The check itself: an admin who chose English is caught on the dashboard; plain Danish is not."""
    staff = danish_user(roles.STAFF)
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    crawl = Crawl(client)
    client.force_login(staff)
    crawl.get(reverse("wagtailadmin_home"))
    assert {"Reports", "Help", "Search all pages"} <= crawl.listed
    assert is_english("Show more results") and is_english("Sort by 'Navn' in ascending order")
    assert not is_english("Vis flere resultater") and not is_english("Status")
