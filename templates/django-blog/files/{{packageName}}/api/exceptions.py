"""One error shape for every API error.

    {"error": {"code": "validation_error", "message": "Invalid input.", "details": {...}}}

Validation errors whose every failure is a uniqueness clash, and database integrity
errors from a concurrent write that won the race, become 409 Conflict. A database
or Redis outage becomes 503. The code comes from DRF's exception codes, never from
an HTTP reason phrase.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ..core.outages import is_outage
from ..core.views import error_body


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "A backing service is unavailable. Please retry shortly."
    default_code = "service_unavailable"


def _codes(detail: object) -> set[str]:
    """Every error code in a (possibly nested) DRF error detail."""
    if isinstance(detail, dict):
        detail = list(detail.values())
    if isinstance(detail, list):
        return set().union(*(_codes(item) for item in detail))
    return {getattr(detail, "code", "invalid")}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, IntegrityError):
        set_rollback()
        return Response(
            error_body("conflict", "A resource with these values already exists."),
            status=status.HTTP_409_CONFLICT,
        )
    elif is_outage(exc):
        exc = ServiceUnavailable()

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
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = error_body(str(code), str(detail))
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = "5"
    return response
