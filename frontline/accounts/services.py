"""Writes to accounts: API tokens now; users and role assignments below. All audited."""

from frontline.audit.context import service

from .models import ApiToken


@service
def token_revoke(*, acting_user, token: ApiToken) -> None:
    token.delete()
