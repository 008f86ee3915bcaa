"""API views. Reads are public; writes need a token (``Authorization: Token <key>``).

Status codes: 201 with a Location header on create, 204 on delete, 400 on
invalid input, 401 without credentials (or a wrong username or password), 403 when signed in but not allowed,
404 for anything the caller cannot see (other authors' drafts), 409 on a
uniqueness conflict, 429 when throttled or after too many failed logins, and 503
when the database or Redis is down.
"""

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from ..accounts.limits import TOO_MANY_LOGINS, begin_login
from ..accounts.models import ApiToken
from ..blog.models import Category, Comment, Post, Tag
from .authentication import expiry_cutoff
from .filters import CommentFilter, PostFilter
from .permissions import CommentPermission, IsAuthorOrReadOnly, IsStaffOrReadOnly
from .serializers import (
    CategorySerializer,
    CommentSerializer,
    PostSerializer,
    TagSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)

WRONG_CREDENTIALS = "Unable to log in with provided credentials."


class PostViewSet(viewsets.ModelViewSet[Post]):
    """Published posts for everyone; signed-in authors also see their own drafts."""

    serializer_class = PostSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly)
    lookup_field = "slug"
    filterset_class = PostFilter
    search_fields = ("title", "body")
    ordering_fields = ("published_at", "created_at", "title")

    def get_queryset(self) -> QuerySet[Post]:
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author", "category")
            .prefetch_related("tags")
        )

    def perform_create(self, serializer: BaseSerializer[Post]) -> None:
        serializer.save(author=self.request.user)


class CommentViewSet(viewsets.ModelViewSet[Comment]):
    """New comments wait for moderation: only their author and staff see them until approved."""

    serializer_class = CommentSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, CommentPermission)
    filterset_class = CommentFilter
    ordering_fields = ("created_at",)

    def get_queryset(self) -> QuerySet[Comment]:
        return (
            Comment.objects.visible_to(self.request.user)
            .filter(post__in=Post.objects.published())
            .select_related("author", "post")
        )

    def perform_create(self, serializer: BaseSerializer[Comment]) -> None:
        serializer.save(author=self.request.user)

    def perform_update(self, serializer: BaseSerializer[Comment]) -> None:
        # An edited comment is a new text: unless staff edit it, it goes back to moderation,
        # so an approved comment cannot be turned into spam that stays visible.
        if self.request.user.is_staff:
            serializer.save()
        else:
            serializer.save(is_approved=False)

    @extend_schema(request=None, responses=CommentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAdminUser])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a comment (staff only) so that everyone can see it."""
        comment = self.get_object()
        comment.is_approved = True
        comment.save(update_fields=["is_approved"])
        return Response(self.get_serializer(comment).data)


class CategoryViewSet(viewsets.ModelViewSet[Category]):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    # IsAuthenticatedOrReadOnly first tells the schema that reads need no credentials.
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, IsStaffOrReadOnly)
    lookup_field = "slug"
    search_fields = ("name",)


class TagViewSet(viewsets.ModelViewSet[Tag]):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, IsStaffOrReadOnly)
    lookup_field = "slug"
    search_fields = ("name",)


class TokenView(APIView):
    """Exchange a username and password for a new API token, or revoke the one you send.

    Failed attempts count against the same per-account and per-client limits as
    the login page.
    """

    permission_classes = (permissions.AllowAny,)

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        attempt = begin_login(request, data.get("username", ""))
        if not attempt.allowed:
            raise Throttled(wait=settings.LOGIN_RATE_WINDOW_SECONDS, detail=TOO_MANY_LOGINS)
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            failures = serializer.errors.get("non_field_errors", [])
            if any(getattr(f, "code", None) == "authorization" for f in failures):
                raise AuthenticationFailed(WRONG_CREDENTIALS)  # no such username and password
            raise ValidationError(serializer.errors)
        attempt.succeeded()
        user = serializer.validated_data["user"]
        ApiToken.objects.filter(user=user, created__lt=expiry_cutoff()).delete()
        return Response({"token": ApiToken.issue(user)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            self.permission_denied(request)
        if isinstance(request.auth, ApiToken):
            request.auth.delete()  # this client only; the user's other clients stay signed in
        else:
            ApiToken.objects.filter(user=request.user).delete()  # signed in with a session: all
        return Response(status=status.HTTP_204_NO_CONTENT)
