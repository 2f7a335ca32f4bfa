"""The two screens of a second factor: enrol a phone (QR code) and type its code (estates.security.two_factor)."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from estates.access import roles_of
from estates.security.two_factor import ENROL, VERIFY


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


WRONG_CODE = _("The code is wrong or too old. Type the six digits your app shows now.")


def next_url(request) -> str:
    """Where to go after the second factor: the `next` asked for, if it is on this site; else the admin."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("wagtailadmin_home")


def checked(form: CodeForm, device: TOTPDevice) -> bool:
    """Whether the form holds a valid, unused code of the device (django-otp throttles repeated failures)."""
    if form.is_valid() and device.verify_token(form.cleaned_data["otp_token"].strip().replace(" ", "")):
        return True
    form.add_error("otp_token", WRONG_CODE)
    return False


@never_cache
@sensitive_post_parameters()
def verify(request):
    if not roles_of(request.user).is_mediator:
        return redirect("wagtailadmin_home")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse(ENROL)}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and checked(form, device):
        django_otp.login(request, device)
        return redirect(next_url(request))
    context = {"form": form, "next": next_url(request)}
    return TemplateResponse(request, "estates/security/two_factor_verify.html", context)


@never_cache
@sensitive_post_parameters()
def enrol(request):
    """The first time: a new TOTP secret shown as a QR code; confirmed by the first code typed from it.
    Never for a user who has a confirmed device: someone with the password alone cannot add a phone."""
    if not roles_of(request.user).is_mediator:
        return redirect("wagtailadmin_home")
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse(VERIFY)}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=str(_("Phone")), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and checked(form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        return redirect(next_url(request))
    qr_svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    context = {
        "form": form,
        "next": next_url(request),
        "qr_svg": mark_safe(qr_svg.split("?>", 1)[-1]),  # noqa: S308  (SVG qrcode made from our own secret)
        "secret": b32encode(device.bin_key).decode(),
    }
    return TemplateResponse(request, "estates/security/two_factor_enrol.html", context)


def admin_urls() -> list:
    """For Wagtail's `register_admin_urls` hook (estates/wagtail_hooks.py)."""
    return [
        path("two-factor/", verify, name=VERIFY),
        path("two-factor/enrol/", enrol, name=ENROL),
    ]
