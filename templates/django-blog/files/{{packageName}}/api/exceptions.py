"""One error shape for every API error.

    {"error": {"code": "validation_error", "message": "Invalid input.", "details": {...}}}

Validation errors whose every failure is a uniqueness clash become 409 Conflict.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..core.views import error_body


def _codes(detail: object) -> set[str]:
    """Every error code in a (possibly nested) DRF error detail."""
    if isinstance(detail, dict):
        detail = list(detail.values())
    if isinstance(detail, list):
        return set().union(*(_codes(item) for item in detail))
    return {getattr(detail, "code", "invalid")}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # Unhandled: Django's 500 handler answers with the same shape.

    if isinstance(exc, exceptions.ValidationError):
        if _codes(exc.detail) == {"unique"}:
            response.status_code = status.HTTP_409_CONFLICT
            response.data = error_body(
                "conflict", "A resource with these values already exists.", exc.detail
            )
        else:
            response.data = error_body("validation_error", "Invalid input.", exc.detail)
    else:
        response.data = error_body(getattr(exc.detail, "code", exc.default_code), str(exc.detail))
    return response
