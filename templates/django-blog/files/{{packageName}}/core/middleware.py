"""Request checks that run before any view."""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse

from .views import bad_request_response


def reject_nul_bytes(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """400 for a NUL byte anywhere in the path or the query string.

    PostgreSQL text cannot hold NUL, so such a value would fail deep inside a query
    (a search, a slug lookup); refusing it here covers every view at once.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            return bad_request_response(request, "The URL must not contain NUL characters.")
        return get_response(request)

    return middleware
