"""ReDoc served by this site alone: no web fonts, no logo from Redocly's CDN."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularRedocView

# The pinned bundle (drf-spectacular-sidecar) shows Redocly's logo from their CDN in the side
# menu: a third-party request on every visit, a failed one offline. With an empty src the image
# errors and ReDoc hides it.
REDOC_LOGO = '"https://cdn.redoc.ly/redoc/logo-mini.svg"'


@cache
def redoc_bundle() -> bytes:
    bundle = (
        files("drf_spectacular_sidecar")
        / "static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
    )
    return bundle.read_text(encoding="utf-8").replace(REDOC_LOGO, '""').encode()


@require_safe
def redoc_js(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(redoc_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class RedocView(SpectacularRedocView):
    # drf-spectacular's own page links Google Fonts.
    template_name = "api/redoc.html"

    @staticmethod
    def _redoc_standalone() -> str:
        return reverse("api:redoc-js")
