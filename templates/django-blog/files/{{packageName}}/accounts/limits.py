"""Failure counters shared by every server process (they live in the cache: Redis in production).

A login attempt takes a slot *before* the password is checked, so a burst of
concurrent guesses cannot all slip past a check made before any failure was
recorded. A successful login hands its client slot back and clears the account's
count; a failed one keeps both. Counters expire a fixed window after the first
failure.
"""

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

TOO_MANY_LOGINS = "Too many failed login attempts. Please try again later."
TOO_MANY_SIGNUPS = "Too many sign-ups from your address. Please try again later."
TOO_MANY_RESETS = "Too many password reset requests from your address. Please try again later."


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only for TRUSTED_PROXY_HOPS proxies.

    Each trusted proxy appends the address it received the request from, so the
    client is the entry that many places from the right. With no trusted proxy
    (the default) the header is ignored: anyone can send it.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops: int = settings.TRUSTED_PROXY_HOPS
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if hops <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(hops, len(addresses))]


def _key(kind: str, value: str) -> str:
    return f"limit:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _hit(key: str, window: int) -> int:
    """Add one to a counter that expires ``window`` seconds after it was created."""
    for _ in range(2):
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            continue
    return cache.incr(key)


def _give_back(key: str) -> None:
    with contextlib.suppress(ValueError):  # the window already ended
        cache.decr(key)


@dataclass(frozen=True)
class LoginAttempt:
    account_key: str
    client_key: str
    allowed: bool

    def succeeded(self) -> None:
        """The password was right: forget the account's failures, free the client slot."""
        cache.delete(self.account_key)
        _give_back(self.client_key)


def begin_login(request: HttpRequest, username: object) -> LoginAttempt:
    """Take a slot for one login attempt per account and per client, or refuse it."""
    window: int = settings.LOGIN_RATE_WINDOW_SECONDS
    account_key = _key("login-account", str(username or "").strip().lower())
    client_key = _key("login-client", client_ip(request))
    account = _hit(account_key, window)
    client = _hit(client_key, window)
    allowed = (
        account <= settings.LOGIN_RATE_LIMIT and client <= settings.LOGIN_RATE_LIMIT_PER_CLIENT
    )
    if not allowed:
        # A refused attempt is not a failure: it must not extend anyone's lock-out.
        _give_back(account_key)
        _give_back(client_key)
    return LoginAttempt(account_key, client_key, allowed)


ViewFunc = Callable[..., HttpResponseBase]


def registration_allowed(request: HttpRequest, kind: str = "register") -> bool:
    """Count one sign-up (or password reset) request from this client; False once over the limit."""
    key = _key(f"{kind}-client", client_ip(request))
    limit: int = settings.REGISTRATION_RATE_LIMIT
    return _hit(key, settings.REGISTRATION_RATE_WINDOW_SECONDS) <= limit


def reset_rate_limited(view: ViewFunc) -> ViewFunc:
    """Password reset e-mails count like sign-ups, so the form cannot flood an inbox."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and not registration_allowed(request, "reset"):
            return too_many(request, TOO_MANY_RESETS, settings.REGISTRATION_RATE_WINDOW_SECONDS)
        return view(request, *args, **kwargs)

    return wrapped


def too_many(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def login_rate_limited(view: ViewFunc) -> ViewFunc:
    """Apply the login limit to an HTML login view (the site's and the admin's).

    Success is a redirect with the user signed in; anything else is a failure.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        attempt = begin_login(request, request.POST.get("username", ""))
        if not attempt.allowed:
            return too_many(request, TOO_MANY_LOGINS, settings.LOGIN_RATE_WINDOW_SECONDS)
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303) and request.user.is_authenticated:
            attempt.succeeded()
        return response

    return wrapped
