"""Two guards on Wagtail's own account screens, where partners and staff click them.

- Logout only by POST: Wagtail's logout view deletes the session cookie even on the GET it refuses, which
  leaves the session itself valid. A GET (or any other non-POST) gets a Danish page with a "Log ud" button
  that POSTs, and nothing else happens; a POST reaches Wagtail's view, which ends the session.
- Password resets: a POST to Wagtail's reset form over the limits of `throttle` is answered with the same
  redirect to "check your email" as any other, and no mail is sent.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from estates.admin_paths import is_admin_request
from estates.security.client import client_address
from estates.security.throttle import allow_password_reset

LOGOUT = "wagtailadmin_logout"
PASSWORD_RESET = "wagtailadmin_password_reset"
PASSWORD_RESET_DONE = "wagtailadmin_password_reset_done"


class LoginGuardMiddleware:
    """Guards the two screens in `process_view`, by the URL name Django resolved to call the view: an admin
    request's address is not resolved a second time (every admin screen would pay for it). The partner scope and
    the second factor, in their request phase, still answer first; a reset posted without a valid CSRF token is
    refused by Django's CSRF check (listed before) before it counts against the limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin_request(request):
            return None
        url_name = request.resolver_match.url_name
        if url_name == LOGOUT and request.method != "POST":
            return render(request, "estates/logout_confirm.html", status=200)
        if url_name == PASSWORD_RESET and request.method == "POST":
            email = request.POST.get("email", "")
            if email and not allow_password_reset(email=email, address=client_address(request)):
                return HttpResponseRedirect(reverse(PASSWORD_RESET_DONE))
        return None
