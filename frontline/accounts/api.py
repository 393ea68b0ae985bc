import datetime

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import match_token
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from .authentication import BearerToken
from .models import ApiToken
from .services import token_revoke
from .twofactor import requires_two_factor

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    otp: str | None = Field(None, max_length=12, description="TOTP code, when the user's role requires it")


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: datetime.datetime


@router.post("/token", auth=None, response={200: TokenOut}, summary="Exchange username and password for a bearer token")
def issue_token(request: HttpRequest, payload: TokenIn):
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except AxesBackendPermissionDenied as denied:
        raise HttpError(429, _("Too many failed sign-ins: this account is locked for a while.")) from denied
    if getattr(request, "axes_locked_out", False):
        raise HttpError(429, _("Too many failed sign-ins: this account is locked for a while."))
    if user is None:
        raise HttpError(401, _("The username or password is wrong."))
    if requires_two_factor(user) and (not payload.otp or match_token(user, payload.otp) is None):
        raise HttpError(401, _("A valid two-factor code is required for this account."))
    token, raw = ApiToken.issue(user, lifetime=datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS))
    return {"token": raw, "expires_at": token.expires_at}


@router.delete(
    "/token",
    auth=BearerToken(),
    response={204: None},
    summary="Revoke the bearer token this request is made with",
)
def revoke_token(request: HttpRequest):
    """Signing out of the browser leaves tokens alone; this ends one (deactivating the user ends all)."""
    token_revoke(acting_user=request.auth, token=request.api_token)
    return Status(204, None)
