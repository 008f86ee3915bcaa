"""Token authentication whose tokens expire."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def is_expired(token: Token) -> bool:
    lifetime = timedelta(seconds=settings.API_TOKEN_TTL_SECONDS)
    return bool(token.created < timezone.now() - lifetime)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``; a token older than API_TOKEN_TTL_SECONDS is 401.

    ``POST /api/auth/token/`` then issues a fresh one.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise AuthenticationFailed("Token has expired. Ask for a new one.")
        return user, token
