from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """50 a page by default; a client may ask up to 200 with `page_size`."""

    page_size_query_param = "page_size"
    max_page_size = 200
