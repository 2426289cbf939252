from django.conf import settings


def demo_data(request):
    """Whether the site shows invented reports (`DEMO_DATA`), so every page can say so."""
    return {"demo_data": settings.DEMO_DATA}
