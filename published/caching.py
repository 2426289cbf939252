"""How long a public page may be kept, and by whom.

A page anyone may read is the same for every anonymous visitor: a shared cache may keep it for a few
minutes (PUBLIC_PAGE_MAX_AGE). The same page for a signed-in person carries their name and links in the
header: kept by nobody but their own browser, and never shared."""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


def public_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if "Cache-Control" in response:
            return response  # a refusal or a redirect that said its own
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        # The session cookie decides which of the two a response is.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapped


def public_file(view):
    """A file that is the same bytes for everyone, signed in or not (an open-data file, a public document):
    any cache may keep it a while."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return wrapped
