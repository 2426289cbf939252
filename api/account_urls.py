"""The API tokens' page, on the person's account (under /accounts/)."""

from django.urls import path

from . import account_views

urlpatterns = [
    path("api-tokens/", account_views.tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", account_views.revoke, name="api_token_revoke"),
]
