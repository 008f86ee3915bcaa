import html
import math
import re
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from .markdown import render_markdown

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ..accounts.models import User

EXCERPT_WORDS = 40
# A common estimate of adult silent reading speed for technical prose.
WORDS_PER_MINUTE = 200
# Code blocks make poor summaries ("Post.objects.published().select_related(...)").
FIRST_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"', re.IGNORECASE)
CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)


SLUG_ATTEMPTS = 8


def unique_slug(instance: models.Model, value: str, max_length: int = 200) -> str:
    """A slug of ``value`` that no other row of the model uses (``title``, ``title-2``, ...)."""
    base = slugify(value)[: max_length - 10].strip("-") or "item"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_with_unique_slug(
    instance: Any, value: str, max_length: int, save: Any, *args: Any, **kwargs: Any
) -> None:
    """Save ``instance`` under a free slug, even when a concurrent save takes it first.

    Picking a free slug and inserting the row are two statements: another request
    can insert the same slug in between. The insert then fails on the unique index
    inside a savepoint, and we pick again; the last attempt adds a random suffix.
    An integrity error that is not about the slug (a duplicate name) is re-raised.
    """
    if instance.slug:
        save(*args, **kwargs)
        return
    manager = type(instance)._default_manager
    for attempt in range(SLUG_ATTEMPTS):
        instance.slug = unique_slug(instance, value, max_length=max_length)
        if attempt == SLUG_ATTEMPTS - 1:
            instance.slug = f"{instance.slug[: max_length - 7]}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                save(*args, **kwargs)
        except IntegrityError:
            if not manager.filter(slug=instance.slug).exclude(pk=instance.pk).exists():
                instance.slug = ""
                raise
            continue
        return
    instance.slug = ""
    raise IntegrityError(f"No free slug for {value!r}")


class SluggedModel(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        save_with_unique_slug(self, self.name, 90, super().save, *args, **kwargs)


class Category(SluggedModel):
    description = models.TextField(blank=True)

    class Meta(SluggedModel.Meta):
        verbose_name_plural = "categories"

    def get_absolute_url(self) -> str:
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(SluggedModel):
    def get_absolute_url(self) -> str:
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> "PostQuerySet":
        """Posts anyone may read: published, with a publication time not in the future."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user: "User | AnonymousUser") -> "PostQuerySet":
        """Published posts, plus the user's own drafts and scheduled posts."""
        if user.is_authenticated:
            return self.filter(
                Q(status=Post.Status.PUBLISHED, published_at__lte=timezone.now()) | Q(author=user)
            )
        return self.published()


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    body = models.TextField(help_text="Markdown. Raw HTML is sanitised.")
    body_html = models.TextField(editable=False)
    excerpt = models.TextField(
        max_length=500, blank=True, help_text="Leave empty to use the start of the body."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        # Newest first; unpublished posts (no date yet) last on every database.
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"], name="post_status_published")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_markdown(self.body)
        save_with_unique_slug(self, self.title, 200, super().save, *args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def summary(self) -> str:
        """The excerpt if the author wrote one, otherwise the first words of the body."""
        if self.excerpt.strip():
            return self.excerpt
        # Plain text: templates and the feed escape it once (the HTML's entities would
        # otherwise be escaped twice: "&" → "&amp;amp;").
        text = html.unescape(strip_tags(CODE_BLOCK.sub(" ", self.body_html)))
        return Truncator(" ".join(text.split())).words(EXCERPT_WORDS, truncate="…")

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body at ``WORDS_PER_MINUTE``, never less than one."""
        words = len(strip_tags(self.body_html).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def first_image(self) -> str:
        """The ``src`` of the body's first image, or "" (the post's picture in link previews)."""
        match = FIRST_IMAGE.search(self.body_html)
        return html.unescape(match.group(1)) if match else ""

    def publish(self) -> None:
        """Mark as published now, unless a publication time is already set."""
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> "CommentQuerySet":
        return self.filter(is_approved=True)

    def visible_to(self, user: "User | AnonymousUser") -> "CommentQuerySet":
        """Approved comments; staff see every comment, authors also their own pending ones."""
        if user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(is_approved=True) | Q(author=user))
        return self.approved()


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(max_length=2000)
    is_approved = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.post}"
