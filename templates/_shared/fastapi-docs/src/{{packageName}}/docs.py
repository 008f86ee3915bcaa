"""Swagger UI and ReDoc pages that work offline.

FastAPI's own pages load their JavaScript and CSS from a CDN, so they stay blank without
internet access (or under a strict Content-Security-Policy). The assets come from the
`fastapi-offline` package instead, pinned in pyproject.toml, and are served by this app.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-assets"
ASSETS = files("fastapi_offline") / "static"
CACHED = {"Cache-Control": "public, max-age=86400"}
# ReDoc's side menu shows Redocly's logo from their CDN: a request to a third party on every
# visit, and a failed one offline. With an empty src the image errors and ReDoc hides it.
REDOC_LOGO = '"https://cdn.redoc.ly/redoc/logo-mini.svg"'
# Swagger UI asks validator.swagger.io for a badge whenever the schema URL is not localhost.
SWAGGER_UI_PARAMETERS: dict[str, Any] = {"validatorUrl": None}


@cache
def redoc_bundle() -> bytes:
    """The pinned ReDoc bundle, without its one request to a CDN."""
    source = (ASSETS / "redoc.standalone.js").read_text(encoding="utf-8")
    return source.replace(REDOC_LOGO, '""').encode()


def add_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc from local assets; create the app with docs_url=redoc_url=None."""
    openapi_url = app.openapi_url or "/openapi.json"

    # Before the mount below: the first matching route answers.
    @app.get(f"{ASSETS_PATH}/redoc.standalone.js", include_in_schema=False)
    async def redoc_js() -> Response:
        return Response(redoc_bundle(), media_type="text/javascript", headers=CACHED)

    app.mount(ASSETS_PATH, StaticFiles(directory=str(ASSETS)), name="docs-assets")

    # Behind a proxy that mounts the app under a prefix, the pages must ask for the prefixed URLs.
    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            swagger_ui_parameters={**SWAGGER_UI_PARAMETERS, **(app.swagger_ui_parameters or {})},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )
