from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class IsAuthorOrReadOnly(permissions.BasePermission):
    """Anyone may read; only the object's author may change or delete it.

    A signed-in user who can see another author's post gets 403 on writes; posts
    they cannot see at all (other people's drafts) are 404 before this runs.
    """

    message = "Only the author can change this."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(obj.author_id == request.user.id)


class IsStaffOrReadOnly(permissions.BasePermission):
    """Anyone may read; only staff may create, change or delete."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff)


class CommentPermission(IsAuthorOrReadOnly):
    """Like ``IsAuthorOrReadOnly``, and staff may also delete any comment (moderation)."""

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method == "DELETE" and request.user.is_staff:
            return True
        return super().has_object_permission(request, view, obj)
