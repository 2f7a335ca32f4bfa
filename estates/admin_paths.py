"""Whether a request is for Wagtail's admin: asked by every middleware of the plugin that treats the admin
apart (the partner scope, the login guards, the second factor, the Content-Security-Policy)."""

from django.urls import NoReverseMatch, reverse

# The answer, kept on the request: five middlewares ask, and each reverse() builds and runs a regular expression.
_ANSWER_ATTRIBUTE = "_boligsocial_is_admin"


def is_admin_request(request) -> bool:
    answer = getattr(request, _ANSWER_ATTRIBUTE, None)
    if answer is None:
        answer = _is_admin_path(request.path_info)
        setattr(request, _ANSWER_ATTRIBUTE, answer)
    return answer


def _is_admin_path(path: str) -> bool:
    try:
        prefix = reverse("wagtailadmin_home")
    except NoReverseMatch:  # a URLconf without Wagtail's admin
        return False
    return path.startswith(prefix)
