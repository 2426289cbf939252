from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a list; a page number that is not a number or out of range gives the last
    valid page rather than an error, so a shared link keeps working when the list shrinks."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
