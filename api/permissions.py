from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """The API only reads: GET, HEAD and OPTIONS. What each caller may read is the querysets' business."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS
