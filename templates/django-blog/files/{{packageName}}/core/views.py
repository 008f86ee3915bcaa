"""Health probes and error handlers that answer JSON under /api/ and HTML elsewhere."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    """The one error shape every API error uses."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up and serving requests."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness check failed: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("server_error", "Internal server error."), status=500)
    # No request context: the failure may be in the database the context processors use.
    return HttpResponseServerError(loader.get_template("500.html").render())
