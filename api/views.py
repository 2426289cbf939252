"""The read-only JSON API, /api/v1/. The plans, their matrices, the bodies, the Member States and the
cycles are public. The reports are read through their kinds' own `visible_to(user)` querysets and
`reporting.sensitivity.may_read`: a caller with a personal token reads exactly what their account reads
on the pages; a caller without one reads the published reports' public parts only.

Every response carries an ETag (a 304 when the client has it already); responses to a signed-in caller
are `no-store`, the others may be kept a short while by any cache."""

import hashlib

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, Value
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from bodies.models import MemberState, SectoralBody
from monitoring.models import ActivityReport, OutputAchievement, ReportDocument
from national.models import NationalReport, NationalReportDocument, ProvisionEntry
from reporting.models import ReportingCycle
from reporting.sensitivity import Sensitivity
from workplan.models import Activity, ActionLine, Indicator, IndicatorTarget, Output, Plan, PriorityArea

from . import filters, serializers
from .readers import Reader


class ApiView:
    """ETag and 304, and who may keep the response (see the module's docstring)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        patch_vary_headers(response, ("Authorization",))
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            response.render()
            etag = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = etag
            if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
                response.status_code = 304
                response.content = b""
        return response


class PublicViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    pass


class PlanViewSet(PublicViewSet):
    """The plans: plans of action and the work plans that implement them."""

    queryset = Plan.objects.select_related("implements", "succeeded_by").order_by("start_year", "pk")
    serializer_class = serializers.PlanSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "status"]


class AreaViewSet(PublicViewSet):
    """The areas of the plans (priority areas, areas of cooperation)."""

    queryset = PriorityArea.objects.select_related("plan").order_by("plan_id", "number")
    serializer_class = serializers.AreaSerializer
    filterset_class = filters.AreaFilter


class ProvisionViewSet(PublicViewSet):
    """The provisions (action lines, measures), and a work plan's lines of its matrix."""

    queryset = (ActionLine.objects.select_related("plan", "priority_area").prefetch_related("relevant_bodies")
                .order_by("plan_id", "priority_area__number", "position"))
    serializer_class = serializers.ProvisionSerializer
    filterset_class = filters.ProvisionFilter


class ActivityViewSet(PublicViewSet):
    """The indicative activities of the work plans' matrices, in the matrix's order, with their expected outputs."""

    queryset = Activity.objects.select_related("plan", "focus_area__action_line__priority_area").prefetch_related(
        "lead_bodies", Prefetch("outputs", queryset=Output.objects.order_by("position"))
    ).in_matrix_order()
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter


class OutputViewSet(PublicViewSet):
    """The expected outputs of the activities."""

    queryset = Output.objects.select_related("activity").order_by("activity__plan_id", "activity__code", "position")
    serializer_class = serializers.OutputSerializer
    filterset_class = filters.OutputFilter


class IndicatorViewSet(PublicViewSet):
    """The performance indicators and their targets."""

    queryset = Indicator.objects.select_related("output__activity", "activity").prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    ).order_by("pk")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter


class BodyViewSet(PublicViewSet):
    """The sectoral bodies."""

    queryset = SectoralBody.objects.order_by("position")
    serializer_class = serializers.BodySerializer
    lookup_field = "abbreviation"
    filterset_fields = ["pillar", "kind", "is_mtf_member"]


class MemberStateViewSet(PublicViewSet):
    """The ASEAN Member States."""

    queryset = MemberState.objects.order_by("name")
    serializer_class = serializers.MemberStateSerializer
    lookup_field = "code"
    filterset_fields = []


class CycleViewSet(PublicViewSet):
    """The reporting cycles of each plan."""

    queryset = ReportingCycle.objects.select_related("plan").order_by("plan_id", "year")
    serializer_class = serializers.CycleSerializer
    filterset_class = filters.CycleFilter


class ReportViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """The reports a caller may read: those of the kind's `visible_to(user)` in full, the published others
    in their public parts. Each report is annotated `readable_in_full` and `is_published` in SQL."""

    model = None
    document_url_name = ""

    def base_queryset(self, rows):
        """`rows` with what the serializer reads, in the list's order."""
        raise NotImplementedError

    def get_queryset(self):
        user = self.request.user
        manager = self.model.objects
        published = Q(pk__in=self.anonymous(manager.public()).values("pk"))
        if user.is_authenticated:
            visible = manager.visible_to(user)
            rows = manager.filter(published | Q(pk__in=visible.values("pk")))
            in_full = Exists(visible.filter(pk=OuterRef("pk")))
        else:
            rows = self.anonymous(manager.public())
            in_full = Value(False, output_field=BooleanField())
        published_state = self.model.final_states()
        return self.base_queryset(rows).annotate(
            readable_in_full=in_full,
            is_published=ExpressionWrapper(Q(state__in=published_state), output_field=BooleanField()),
        )

    def anonymous(self, published):
        """Of the published reports, those a caller without a token sees at all."""
        return published

    def get_serializer_context(self):
        context = super().get_serializer_context()
        reader = Reader(self.request.user)
        context.update(
            may_read=reader.may_read, documents_of=reader.documents_of,
            document_url=self.document_url,
        )
        return context

    def document_url(self, document):
        if document.sensitivity == Sensitivity.PUBLIC and document.report.state in self.model.final_states():
            return reverse(self.document_url_name, kwargs={"pk": document.pk})
        return document.get_absolute_url()


class ActivityReportViewSet(ReportViewSet):
    """The sectoral bodies' activity reports, with the fields the caller may read."""

    model = ActivityReport
    serializer_class = serializers.ActivityReportSerializer
    filterset_class = filters.ActivityReportFilter
    document_url_name = "published:document"
    queryset = ActivityReport.objects.none()  # for the schema; get_queryset decides

    def base_queryset(self, rows):
        achievements = OutputAchievement.objects.select_related("output").order_by("output__position")
        return rows.select_related("cycle__plan", "activity", "implementing_body").prefetch_related(
            Prefetch("achievements", queryset=achievements), "participating_member_states",
            Prefetch("documents", queryset=ReportDocument.objects.select_related("report").order_by("uploaded_at", "pk")),
        ).order_by("-cycle__year", "activity__code", "implementing_body__position", "pk")


class NationalReportViewSet(ReportViewSet):
    """The Member States' national reports, with the answers, narrative and documents the caller may read."""

    model = NationalReport
    serializer_class = serializers.NationalReportSerializer
    filterset_class = filters.NationalReportFilter
    document_url_name = "published:national_document"
    queryset = NationalReport.objects.none()

    def anonymous(self, published):
        """Only the states that published something: of the others, not even that they reported."""
        public = ProvisionEntry.objects.public().filter(report=OuterRef("pk"))
        public_documents = NationalReportDocument.objects.public().filter(report=OuterRef("pk"))
        return published.filter(Exists(public) | Exists(public_documents) | Q(narrative_sensitivity=Sensitivity.PUBLIC))

    def base_queryset(self, rows):
        entries = ProvisionEntry.objects.select_related("provision").order_by(
            "provision__priority_area__number", "provision__position")
        return rows.select_related("cycle__plan", "member_state").prefetch_related(
            Prefetch("entries", queryset=entries),
            Prefetch("documents", queryset=NationalReportDocument.objects.select_related("report").order_by("uploaded_at", "pk")),
        ).order_by("-cycle__year", "member_state__name", "pk")


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def root(request):
    """Where everything is."""
    names = ["plans", "areas", "provisions", "activities", "outputs", "indicators", "bodies", "member-states",
             "cycles", "reports", "national-reports"]
    links = {name: request.build_absolute_uri(reverse(f"api:{name}-list")) for name in names}
    links["openapi"] = request.build_absolute_uri(reverse("api:openapi"))
    return Response(links)
