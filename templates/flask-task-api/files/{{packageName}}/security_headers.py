"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

# The API returns JSON only: nothing may be loaded, framed or sniffed.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The Swagger UI page loads its own (project-served) script and styles; its inline
# start-up script needs 'unsafe-inline'.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
)


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    is_docs = request.path.startswith("/docs")
    headers.setdefault("Content-Security-Policy", DOCS_CSP if is_docs else API_CSP)
    if current_app.config["APP_ENV"] == "production":
        # Only meaningful over HTTPS, which production runs behind.
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_security_headers(app: Flask) -> None:
    app.after_request(_add_headers)
