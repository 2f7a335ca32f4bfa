"""Small steps that browser journeys share: logging in, asking what has focus, checking a page."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

# The WCAG 2.1 A and AA rules of axe-core; best-practice rules are advice, not a gate.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def admin_login(page: Page, live_server_url: str, username: str, password: str, next_url: str = "") -> None:
    """Log in through the Wagtail admin's login form, as a person would, and wait for the admin."""
    url = f"{live_server_url.rstrip('/')}/admin/login/"
    page.goto(f"{url}?next={next_url}" if next_url else url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(lambda current: "/admin/login/" not in current)


def log_in_as(page: Page, live_server_url: str, user) -> None:
    """Give the page's browser a session for `user` without the login form (quicker for journeys about other things)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server_url}])


def focused(page: Page) -> dict:
    """What has keyboard focus: tag, id, class, accessible text and href of `document.activeElement`."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el ? {tag: el.tagName.toLowerCase(), id: el.id, className: el.className,
                         text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
                         href: el.getAttribute('href')} : null;
        }"""
    )


def tab_until(page: Page, predicate, *, limit: int = 60) -> list[dict]:
    """Press Tab until `predicate(focused(page))` holds; returns every element focused on the way."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        visited.append(current)
        if current and predicate(current):
            return visited
    raise AssertionError(f"No focused element matched within {limit} Tab presses: {visited}")


def assert_fits_the_screen(page: Page) -> None:
    """Nothing forces the reader to scroll sideways (WCAG 1.4.10 reflow on a phone)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"The page is {widths[0]}px wide on a {widths[1]}px screen"


def axe_violations(page: Page, *, context=None) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, context=context, options=options).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def assert_accessible(page: Page, *, context=None) -> None:
    """No WCAG 2.1 A/AA violations on the page as it is now (run it again after opening a menu or a form)."""
    expect(page.locator("body")).to_be_visible()
    violations = axe_violations(page, context=context)
    assert not violations, f"axe-core found WCAG violations on {page.url}:\n{describe_violations(violations)}"


def loaded_image(img) -> dict:
    """Whether an <img> loaded and its natural size, after its own load or error event (visible is not loaded)."""
    return img.evaluate(
        """node => new Promise(resolve => {
            const answer = () => resolve({loaded: node.naturalWidth > 0, width: node.naturalWidth,
                                          height: node.naturalHeight});
            if (node.complete) return answer();
            node.addEventListener("load", answer, {once: true});
            node.addEventListener("error", answer, {once: true});
        })"""
    )
