"""Refuses request bodies over a size limit, so one client cannot make the app buffer gigabytes.

Uvicorn has no body limit of its own. The check runs where the body is read: a declared
Content-Length over the limit fails on the first read, and a chunked body fails as soon as
the bytes received pass it. Raising HTTPException there reaches the app's error handlers,
so a 413 has the same JSON shape as every other error.
"""

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        too_large = declared.isdigit() and int(declared) > self.max_bytes
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if too_large:
                raise self._error()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._error()
            return message

        await self.app(scope, limited_receive, send)

    def _error(self) -> HTTPException:
        return HTTPException(413, f"The request body is larger than {self.max_bytes} bytes")
