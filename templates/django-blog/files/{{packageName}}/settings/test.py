"""Settings for the test suite: fast hashing, no real secret needed.

pytest-django creates its own test database (``test_<name>_<pid>``) next to the one
in DATABASE_URL, so the development database is never touched. On SQLite the test
database lives in memory.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY

SECRET_KEY = SECRET_KEY or "insecure-test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

# Hashing strength is not what the tests check; MD5 keeps the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the app folders: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# CACHES comes from base: Redis when REDIS_URL is set (the tests then prove the limits on
# it), the per-process LocMemCache otherwise.

# A test database of its own per run, so parallel runs against one server never collide.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    _name = f"test_{DATABASES['default']['NAME']}"[:50]
    DATABASES["default"]["TEST"] = {"NAME": f"{_name}_{os.getpid()}"}
