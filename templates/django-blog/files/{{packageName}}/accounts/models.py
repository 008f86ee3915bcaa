from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The project's user, custom from the first migration so it can grow later.

    E-mail is required and unique; a short bio appears on the author's posts.
    """

    email = models.EmailField("email address", unique=True)
    bio = models.TextField(blank=True, max_length=500)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
