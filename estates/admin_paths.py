"""Whether a request is for Wagtail's admin: asked by every middleware of the plugin that treats the admin
apart (the partner scope, the login guards, the second factor, the Content-Security-Policy)."""

from django.urls import NoReverseMatch, reverse


def is_admin_request(request) -> bool:
    try:
        prefix = reverse("wagtailadmin_home")  # Django caches the reverse lookup: cheap per request
    except NoReverseMatch:  # a URLconf without Wagtail's admin
        return False
    return request.path_info.startswith(prefix)
