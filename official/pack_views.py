"""The ministers' pack's page: which documents a year's pack holds and which are signed, and the button
that has the worker build it as one PDF (downloaded from the build's page, as every built document)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from builds import services as builds
from reporting.access import private_view

from . import pack


def _reader(request):
    if not pack.may_read_pack(request.user):
        raise PermissionDenied
    return request.user


@private_view
def ministers_packs(request):
    """The years a pack may be built for, latest first."""
    _reader(request)
    return render(request, "official/ministers_packs.html", {"years": pack.years()})


def _year(year):
    plan = pack.anchor_plan(year)
    if plan is None:
        raise Http404(f"No plan reports in {year}.")
    return plan


@private_view
def ministers_pack(request, year):
    _reader(request)
    _year(year)
    return render(request, "official/ministers_pack.html", {"year": year, "parts": pack.parts_for(year, drawn=False)})


@private_view
@require_POST
def build_ministers_pack(request, year):
    user = _reader(request)
    build = builds.request_build(kind=pack.BUILD_KIND, plan=_year(year), params={"cycle": year}, user=user)
    return redirect(build)
