"""The one-click unsubscribe page (`boligsocial/afmeld/<token>/`): no login, a confirmation on GET, the
change on POST. Mail providers POST `List-Unsubscribe=One-Click` to the same address (RFC 8058) without a
CSRF token: the signed token is the authorisation."""

from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from estates import preferences
from estates.mail import language_of
from estates.models import MailCategory
from estates.unsubscribe import BadToken, read_token

TEMPLATE = "estates/unsubscribe/confirm.html"


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, category = read_token(token)
    except BadToken:
        return _bad_link(request)
    user = get_user_model().objects.filter(pk=user_id).select_related("wagtail_userprofile").first()
    if user is None:
        return _bad_link(request)
    done = request.method == "POST"
    if done:
        preferences.preferences_set(user=user, **{category: False})
    with translation.override(language_of(user)):
        response = TemplateResponse(
            request,
            TEMPLATE,
            {"category": category, "category_label": MailCategory(category).label, "done": done, "token": token},
        )
        response.render()
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _bad_link(request):
    response = TemplateResponse(request, TEMPLATE, {"bad_link": True}, status=400)
    response["Cache-Control"] = "no-store"
    return response
