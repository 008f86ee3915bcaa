"""Token authentication against hashed tokens that expire."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from ..accounts.models import ApiToken


def expiry_cutoff() -> Any:
    """Tokens created before this moment have expired."""
    return timezone.now() - timedelta(seconds=settings.API_TOKEN_TTL_SECONDS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, looked up by the key's digest.

    A token older than API_TOKEN_TTL_SECONDS is 401 (and deleted);
    ``POST /api/auth/token/`` then issues a fresh one.
    """

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Invalid token.")
        if token.created < expiry_cutoff():
            token.delete()
            raise AuthenticationFailed("Token has expired. Ask for a new one.")
        return token.user, token
