"""Swagger UI's script and styles, served by the app from a pinned package (no CDN).

flask-smorest renders the /docs page; OPENAPI_SWAGGER_UI_URL points it at this
blueprint, so the docs work offline and never load third-party code.
"""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/docs/assets/"

blp = Blueprint("docs_assets", __name__)


@blp.get(f"{ASSETS_URL}<path:filename>")
def asset(filename: str) -> Response:
    # send_from_directory refuses paths that escape the folder (404).
    return send_from_directory(str(swagger_ui_path), filename, max_age=86400)


# flask-smorest's page links no icon, so a browser asks for /favicon.ico: without this, a 404
# on every visit to the docs.
@blp.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(
        str(swagger_ui_path), "favicon-32x32.png", mimetype="image/png", max_age=86400
    )
