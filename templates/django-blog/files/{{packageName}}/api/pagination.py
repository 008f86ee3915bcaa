from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=2&page_size=50``; the size is capped so one request cannot dump the table.

    Responses carry ``count`` (the total), ``next``, ``previous`` and ``results``.
    """

    page_size_query_param = "page_size"
    max_page_size = 100
