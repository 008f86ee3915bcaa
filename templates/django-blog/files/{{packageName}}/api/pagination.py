from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView


def _positive_int(request: Request, name: str) -> int | None:
    """The query parameter as an integer ≥ 1, None when absent, 400 for anything else."""
    if name not in request.query_params:
        return None
    raw = request.query_params[name]
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: ["Must be a whole number of 1 or more."]}, code="invalid")
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=50``; the size is capped so one request cannot dump the table.

    Responses carry ``count`` (the total), ``next``, ``previous`` and ``results``.
    ``page`` and ``page_size`` must be whole numbers ≥ 1 (400 otherwise, not a silent
    default), and ``page_size`` at most ``max_page_size`` (400 above it, as the
    schema's maximum says); a page after the last one is 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        _positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_page_size(self, request: Request) -> int:
        size = _positive_int(request, self.page_size_query_param)
        if size is None:
            return int(self.page_size or 10)
        if size > self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be at most {self.max_page_size}."]},
                code="invalid",
            )
        return size
