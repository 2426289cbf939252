"""Rate limits, counted in the cache (shared by every server when it is Redis): per address for callers
without a token, per token for the others (a person's several tokens each have their own count)."""

from rest_framework.throttling import SimpleRateThrottle

from audit.requests import client_ip


class PerAddress(SimpleRateThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


class PerToken(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
