"""The pages a resident reaches by the secret link of their sign-up: the receipt, and cancelling (GET asks,
POST cancels). No login: the 256-bit token in the address is the authorisation."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from community.signups import mail, services
from community.signups.records import signups
from estates import conf as estates_conf


def _render(request, template: str, context: dict, *, status: int = 200) -> TemplateResponse:
    context = {"boligsocial_base_template": estates_conf.setting("BOLIGSOCIAL_BASE_TEMPLATE"), **context}
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # The address carries the secret: never sent to another site. (Not "no-referrer": Chromium then sends
    # "Origin: null" with the cancel form, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _find(token: str):
    return signups().select_related("activity").filter(token=token).first() if len(token) <= 64 else None


@require_http_methods(["GET", "HEAD"])
def receipt(request, token: str):
    signup = _find(token)
    if signup is None:
        return _render(request, "community/signups/bad_link.html", {}, status=404)
    activity = signup.activity.with_schedule()
    context = {
        "signup": signup,
        "activity": activity,
        "when": mail.when_text(signup),
        "cancel_url": mail.cancel_url(signup),
    }
    return _render(request, "community/signups/receipt.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token: str):
    signup = _find(token)
    if signup is None:
        return _render(request, "community/signups/bad_link.html", {}, status=404)
    done = False
    if request.method == "POST" and not signup.is_cancelled:
        services.cancel(signup=signup)
        signup.refresh_from_db()
        done = True
    activity = signup.activity.with_schedule()
    context = {"signup": signup, "activity": activity, "when": mail.when_text(signup), "done": done}
    return _render(request, "community/signups/cancel.html", context)
