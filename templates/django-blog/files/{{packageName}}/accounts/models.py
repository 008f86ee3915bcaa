import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class User(AbstractUser):
    """The project's user, custom from the first migration so it can grow later.

    E-mail is required and unique ignoring case (``Bob@Example.com`` is
    ``bob@example.com``); a short bio appears on the author's posts.
    """

    email = models.EmailField("email address", unique=True)
    bio = models.TextField(blank=True, max_length=500)

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """An API token, stored only as its SHA-256 digest.

    A copy of the database therefore holds no token anyone can send. The key is
    random (160 bits), so a plain digest is enough; a slow password hash would buy
    nothing and cost every request. The key is shown once, when issued. A user
    may hold several (one per client); each expires after API_TOKEN_TTL_SECONDS.
    """

    digest = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"

    def __str__(self) -> str:
        return f"API token of {self.user_id} from {self.created:%Y-%m-%d %H:%M}"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        """A new token for ``user``; returns the key, which is not stored anywhere."""
        key = secrets.token_hex(20)
        cls.objects.create(user=user, digest=cls.digest_of(key))
        return key
