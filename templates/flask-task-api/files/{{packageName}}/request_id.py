"""A request id on every request: taken from `X-Request-ID` when sane, echoed, and logged."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
# An id from a proxy is reused only if it cannot smuggle anything into the logs.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def _assign() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex


def _echo(response: Response) -> Response:
    response.headers[HEADER] = g.get("request_id", "-")
    return response


def init_request_id(app: Flask) -> None:
    app.before_request(_assign)
    app.after_request(_echo)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    # Replaces Flask's default handler, which would print the same records without the id.
    app.logger.handlers = [handler]
    if not app.debug and app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
