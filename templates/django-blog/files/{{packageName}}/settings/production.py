"""Production: HTTPS only, secure cookies, hosts, secret and Redis from the environment.

Passes ``python manage.py check --deploy`` given DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and REDIS_URL. Behind a TLS-terminating proxy, set
X-Forwarded-Proto (and TRUSTED_PROXY_HOPS for the client address).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, REDIS_URL, SECRET_KEY, env

_PLACEHOLDER_PREFIXES = ("change-me", "changeme", "django-insecure", "insecure")

if len(SECRET_KEY) < 50 or SECRET_KEY.lower().startswith(_PLACEHOLDER_PREFIXES):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is missing, too short or a placeholder. Set it to a random value "
        "of 50+ characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty. Set it to the host names this site is served on."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Production needs Redis so that every server process shares "
        "the login limits and API throttles, e.g. REDIS_URL=redis://localhost:6379/0."
    )

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health probes come from inside the container or the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Only switch these (and DJANGO_SECURE_SSL_REDIRECT) off to try the production server
# over plain HTTP on localhost.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
