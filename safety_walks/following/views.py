"""Follow by email (no login, works without JavaScript): the form's answer, the confirmation and the
one-click unsubscribe. Thin: the form checks, services act."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from estates import conf as estates_conf
from estates import i18n
from estates.security import throttle
from estates.security.client import client_address
from safety_walks.following import conf as following_conf
from safety_walks.following import services, tokens
from safety_walks.following.forms import FollowForm

FORM_TEMPLATE = "safety_walks/following/follow_page.html"
SENT_TEMPLATE = "safety_walks/following/sent.html"
CONFIRM_TEMPLATE = "safety_walks/following/confirm.html"
UNSUBSCRIBE_TEMPLATE = "safety_walks/following/unsubscribe.html"


def _page(request, template: str, context: dict, status: int = 200):
    context = {"boligsocial_base_template": estates_conf.setting("BOLIGSOCIAL_BASE_TEMPLATE"), **context}
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # The links carry tokens: never sent to another site. Not "no-referrer": the browser would then send
    # `Origin: null` with the page's own forms, and Django's CSRF check refuses that.
    response["Referrer-Policy"] = "same-origin"
    return response


# No CSRF token: the form sits on every walk page, and a page carrying a visitor's token cannot be served from
# the page cache. Nothing here acts for a logged-in user; what a forged post could do (ask for a confirmation
# mail to an address) anyone can do directly, and the honeypot, the rate limit and the double opt-in bound it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    """GET: the form on a page of its own (for an area); POST: ask to follow, answered with 'check your mail'."""
    if request.method != "POST":
        return _page(request, FORM_TEMPLATE, {"form": FollowForm(initial=request.GET.dict())})
    form = FollowForm(request.POST)
    if form.is_spam:
        return redirect("boligsocial:following:sent")  # a bot is told what a person is told; nothing is done
    if not form.is_valid():
        return _page(request, FORM_TEMPLATE, {"form": form}, status=400)
    limit = following_conf.setting("BOLIGSOCIAL_FOLLOWS_PER_ADDRESS")
    if not throttle.allow_per_hour("follow", address=client_address(request), limit=limit):
        return _page(request, FORM_TEMPLATE, {"form": form, "too_many": True}, status=429)
    services.follow_request(
        email=form.cleaned_data["email"],
        walk=form.cleaned_data.get("walk"),
        area=form.cleaned_data.get("area") if not form.cleaned_data.get("walk") else None,
        language=i18n.active_language(),  # the mails are written in it and link to pages in it
    )
    return redirect("boligsocial:following:sent")


def sent(request):
    return _page(request, SENT_TEMPLATE, {})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """GET shows one button (a mail scanner opening the link confirms nothing); POST confirms."""
    try:
        follower = tokens.follower_of_confirm_token(token)
    except tokens.BadLink:
        return _page(request, CONFIRM_TEMPLATE, {"bad_link": True}, status=400)
    if request.method == "POST":
        follower = services.follow_confirm(follower=follower)
    context = {"follower": follower, "name": services.followed_name(follower), "done": follower.is_confirmed}
    return _page(request, CONFIRM_TEMPLATE, context)


@csrf_exempt  # RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` without a form; the token decides
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        follower = tokens.follower_of_unsubscribe_token(token)
    except tokens.BadLink:
        # Already unsubscribed (the row is gone) reads the same as a broken link: nothing more is sent.
        return _page(request, UNSUBSCRIBE_TEMPLATE, {"gone": True}, status=404 if request.method != "POST" else 200)
    name = services.followed_name(follower)
    if request.method == "POST":
        services.follow_end(follower=follower)
        return _page(request, UNSUBSCRIBE_TEMPLATE, {"done": True, "name": name})
    return _page(request, UNSUBSCRIBE_TEMPLATE, {"name": name})
