"""A person's API tokens on their account: make one (its key shown once), see when each was last used,
revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reporting.access import private_view

from .forms import TokenForm
from .models import ApiToken
from .services import create_token, revoke_token


@private_view
def tokens(request):
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        token, key = create_token(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "key": key, "tokens": ApiToken.objects.filter(user=request.user),
    })


@private_view
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token=token, user=request.user)
    messages.success(request, f"Token “{token.name}” revoked: it opens nothing any more.")
    return redirect("api_tokens")
