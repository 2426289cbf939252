from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from workplan.models import Plan

from . import services
from .registry import builder_of
from .forms import BuildRequestForm
from .models import DocumentBuild


def _visible_build(request, pk):
    build = get_object_or_404(DocumentBuild.objects.select_related("plan"), pk=pk)
    if not builder_of(build.kind).may_have(request.user, build):
        raise PermissionDenied
    return build


@login_required
@require_POST
def request_build(request, plan):
    plan = get_object_or_404(Plan, slug=plan)
    form = BuildRequestForm(request.POST, plan=plan)
    if not form.is_valid():
        raise Http404("No such document: " + "; ".join(e for errors in form.errors.values() for e in errors))
    if not builder_of(form.cleaned_data["kind"]).may_have(request.user, None):
        raise PermissionDenied
    build = services.request_build(kind=form.cleaned_data["kind"], plan=plan, params=form.params(), user=request.user)
    return redirect(build)


@never_cache
@login_required
def build(request, pk):
    build = _visible_build(request, pk)
    return render(request, "builds/build_detail.html", {"build": build, "label": builder_of(build.kind).label})


@never_cache
@login_required
def download(request, pk):
    build = _visible_build(request, pk)
    if build.state != DocumentBuild.State.DONE:
        raise Http404("This document is not ready yet.")
    return FileResponse(build.file.open("rb"), as_attachment=True, filename=build.filename)
