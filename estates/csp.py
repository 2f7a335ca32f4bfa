"""The Content-Security-Policy header (django-csp), strict on the public site and as strict as Wagtail's admin allows.

The public pages run only the plugin's own static scripts (`script-src 'self'`). Wagtail's admin still writes
inline `<script>` elements (InlinePanel and date-picker initialisation: wagtail/wagtail#1288, #12940) and its
rich-text editor inline `<style>` elements, so under the admin's address the policy is relaxed by
`ADMIN_RELAXATIONS`, and nowhere else. A host adds
`estates.csp.CSPMiddleware` in place of django-csp's own and keeps its `CONTENT_SECURITY_POLICY` setting.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.middleware import PolicyParts

from estates.admin_paths import is_admin_request
from estates.conf import setting

UNSAFE_INLINE = "'unsafe-inline'"
# Measured in Chromium (tests/e2e/test_csp_journey.py): a finding's edit form runs inline <script> elements
# (InlinePanel, date picker); the page editor's rich-text editor (vendor.js) inserts <style> elements.
ADMIN_RELAXATIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


def map_tile_origin() -> str:
    """The origin of the map's tile server (`BOLIGSOCIAL_MAP_TILE_URL`), for `img-src`."""
    tiles = urlsplit(setting("BOLIGSOCIAL_MAP_TILE_URL"))
    return f"{tiles.scheme}://{tiles.netloc}"


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, adding `ADMIN_RELAXATIONS` to the policy of the Wagtail admin's responses."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_request(request):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_RELAXATIONS.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
