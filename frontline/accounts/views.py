import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .scoping import roles_of
from .twofactor import requires_two_factor


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def sign_out(request):
    logout(request)
    response = redirect("accounts:login")
    # Pages kept for offline use (attendance rosters name people) leave the device with the
    # user. Marks still waiting to be sent are in local storage, which stays.
    response["Clear-Site-Data"] = '"cache"'
    return response


@login_required
def profile(request):
    from .roles import Role

    assignments = request.user.assignments.select_related("area", "organisation")
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": assignments,
            "role_labels": dict(Role.choices),
            "two_factor_required": requires_two_factor(request.user),
            "roles": roles_of(request.user),
        },
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def may_enrol(request) -> bool:
    """A new device may be added only by someone who has none yet or has just proved they hold one.

    Otherwise a password alone would be enough to enrol a second device and sign in with it.
    """
    is_verified = getattr(request.user, "is_verified", None)
    return not user_has_device(request.user, confirmed=True) or bool(is_verified and is_verified())


@login_required
def otp_setup(request):
    """Enrol a TOTP device: show its QR code, confirm it with a first code."""
    if not may_enrol(request):
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
        user=request.user, name="default", confirmed=False
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("core:home")
        form.add_error("token", _("The code is not valid. Try the newest code."))
    svg = segno.make(device.config_url).svg_data_uri(scale=4)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_setup.html", {"form": form, "qr": svg, "secret": secret})


def _safe_next(request) -> str | None:
    """The page to go back to, if it is on this site (never another host: no open redirect)."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


@login_required
def otp_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request) or "core:home")
        form.add_error("token", _("The code is not valid. Try the newest code."))
    return render(request, "accounts/otp_verify.html", {"form": form})
