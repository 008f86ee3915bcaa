"""Settings for the test suite: fast hashing, isolated cache, no real secret needed.

pytest-django creates its own test database (``test_<name>``) next to the one in
DATABASE_URL, so the development database is never touched.
"""

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "insecure-test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

# Hashing strength is not what the tests check; MD5 keeps the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the app folders: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
