"""Two guards on Wagtail's own account screens, where partners and staff click them.

- Logout only by POST: Wagtail's logout view deletes the session cookie even on the GET it refuses, which
  leaves the session itself valid. A GET (or any other non-POST) gets a Danish page with a "Log ud" button
  that POSTs, and nothing else happens; a POST reaches Wagtail's view, which ends the session.
- Password resets: a POST to Wagtail's reset form over the limits of `throttle` is answered with the same
  redirect to "check your email" as any other, and no mail is sent.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from estates.admin_paths import is_admin_request
from estates.security.client import client_address
from estates.security.throttle import allow_password_reset

LOGOUT = "wagtailadmin_logout"
PASSWORD_RESET = "wagtailadmin_password_reset"
PASSWORD_RESET_DONE = "wagtailadmin_password_reset_done"


class LoginGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_request(request):
            guarded = self.guard(request)
            if guarded is not None:
                return guarded
        return self.get_response(request)

    def guard(self, request):
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name == LOGOUT and request.method != "POST":
            return render(request, "estates/logout_confirm.html", status=200)
        if url_name == PASSWORD_RESET and request.method == "POST":
            email = request.POST.get("email", "")
            if email and not allow_password_reset(email=email, address=client_address(request)):
                return HttpResponseRedirect(reverse(PASSWORD_RESET_DONE))
        return None
