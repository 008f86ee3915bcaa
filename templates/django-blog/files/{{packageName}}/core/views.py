"""Health probes and error handlers that answer JSON under /api/ and HTML elsewhere."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from .outages import is_outage

logger = logging.getLogger(__name__)


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    """The one error shape every API error uses."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness check failed: database unreachable")
        return False
    return True


def _redis_ok() -> bool:
    try:
        cache.get("ready-probe")
    except RedisError:
        logger.exception("Readiness check failed: Redis unreachable")
        return False
    return True


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database (and Redis, when configured) answer; 503 names what is down."""
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok()
    body: dict[str, str] = {name: "ok" if up else "unreachable" for name, up in checks.items()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **body}, status=200 if healthy else 503
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request_response(request: HttpRequest, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("bad_request", message), status=400)
    page = loader.get_template("400.html").render({"message": message})
    return HttpResponse(page, status=400)


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = "The request body is too large."
    if _wants_json(request):
        return JsonResponse(error_body("payload_too_large", message), status=413)
    page = loader.get_template("400.html").render({"message": message})
    return HttpResponse(page, status=413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, or 413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django files it as a 400)."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    return bad_request_response(request, "The request could not be understood.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return render(request, "404.html", status=404)


@csrf_exempt  # as no route matched: a 404, not the CSRF failure page, for POST/PUT/DELETE
def api_not_found(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """The last API route: with DEBUG on, Django would answer an unknown route with its own
    HTML page instead of handler404, and an API client would get HTML."""
    return page_not_found(request, Http404(unmatched))


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the failure is a database or Redis outage.

    Django calls this handler while the exception is being handled, so
    ``sys.exc_info()`` still holds it.
    """
    if is_outage(sys.exc_info()[1]):
        status, code, message = 503, "service_unavailable", "A backing service is unavailable."
    else:
        status, code, message = 500, "server_error", "Internal server error."
    if _wants_json(request):
        response: HttpResponse = JsonResponse(error_body(code, message), status=status)
    else:
        # No request context: the failure may be in the database the context processors use.
        template = "503.html" if status == 503 else "500.html"
        response = HttpResponse(loader.get_template(template).render(), status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response
