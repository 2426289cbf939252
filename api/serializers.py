"""What the API says of each thing. The matrix and the plans are public; a report says what its caller
may read of it, and no more (see ReportSerializer)."""

from rest_framework import serializers

from bodies.models import MemberState, SectoralBody
from monitoring.models import ActivityReport, OutputAchievement
from national.models import NationalReport, ProvisionEntry
from reporting.models import ReportingCycle
from workplan.models import Activity, ActionLine, Indicator, IndicatorTarget, Output, Plan, PriorityArea


class PlanSerializer(serializers.ModelSerializer):
    implements = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    succeeded_by = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Plan
        fields = ["slug", "kind", "title", "short_name", "description", "adopted_by", "adopted_on", "start_year",
                  "end_year", "status", "implements", "succeeded_by", "area_label", "provision_label"]


class AreaSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PriorityArea
        fields = ["id", "plan", "number", "title", "description"]


class ProvisionSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area = serializers.IntegerField(source="priority_area.number", read_only=True)
    relevant_bodies = serializers.SlugRelatedField(slug_field="abbreviation", many=True, read_only=True)

    class Meta:
        model = ActionLine
        fields = ["id", "plan", "area", "number", "text", "matrix_text", "implements", "relevant_bodies",
                  "relevant_bodies_note"]


class OutputSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.code", read_only=True)

    class Meta:
        model = Output
        fields = ["id", "activity", "position", "text"]


class ActivityOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Output
        fields = ["id", "position", "text"]


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area = serializers.IntegerField(source="focus_area.action_line.priority_area.number", read_only=True)
    action_line = serializers.CharField(source="focus_area.action_line.number", read_only=True)
    focus_area = serializers.CharField(source="focus_area.text", read_only=True)
    lead_bodies = serializers.SlugRelatedField(slug_field="abbreviation", many=True, read_only=True)
    outputs = ActivityOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "plan", "code", "text", "area", "action_line", "focus_area", "lead_bodies", "lead_bodies_note",
                  "outputs", "dropped_on", "priority_from", "priority_until"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value", "milestone"]


class IndicatorSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="measured_activity.code", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "activity", "output", "text", "kind", "unit", "baseline", "baseline_year", "direction",
                  "means_of_verification", "targets"]


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = SectoralBody
        fields = ["abbreviation", "name", "position", "pillar", "kind", "is_mtf_member"]


class MemberStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberState
        fields = ["code", "name", "joined_on"]


class CycleSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ReportingCycle
        fields = ["id", "plan", "year", "opens_on", "deadline", "closes_on", "state"]


# --- reports: what the caller may read --------------------------------------------------------------

class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    description = serializers.CharField()
    size = serializers.IntegerField()
    sensitivity = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(self.context["document_url"](document))


class AchievementSerializer(serializers.ModelSerializer):
    output = serializers.IntegerField(source="output_id")
    output_text = serializers.CharField(source="output.text")
    evidence = serializers.CharField(required=False, help_text="Only for those who may read the report in full.")

    class Meta:
        model = OutputAchievement
        fields = ["output", "output_text", "level", "figure", "reached", "evidence"]


class ReadableFields:
    """A report's representation cut to what the caller may read: a report they may read in full (the
    view marks it `readable_in_full`, from the kind's `visible_to(user)` queryset) gives every field; any
    other (an accepted or acknowledged one) only its public facts and the parts marked public."""

    FULL_ONLY = ()

    def to_representation(self, report):
        data = super().to_representation(report)
        if not getattr(report, "readable_in_full", False):
            for name in self.FULL_ONLY:
                data.pop(name, None)
        data["documents"] = DocumentSerializer(self.context["documents_of"](report), many=True, context=self.context).data
        return data


# An activity report's text is restricted unless a co-chair marks a part public (it is then in
# `public_text`); who took part, and the workflow's dates, are not public facts either.
ACTIVITY_REPORT_FULL_ONLY = (
    "not_started_explanation", "modality", "venue", "participating_member_states", "partners",
    "dialogue_partner_support", "assessment", "recommendations", "challenges", "follow_up_status", "follow_up_note",
    "indicator_evidence", "submitted_at", "first_submitted_at",
)


class ActivityReportSerializer(ReadableFields, serializers.ModelSerializer):
    plan = serializers.CharField(source="cycle.plan.slug", read_only=True)
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    activity = serializers.CharField(source="activity.code", read_only=True)
    implementing_body = serializers.CharField(source="implementing_body.abbreviation", read_only=True)
    achievements = AchievementSerializer(many=True, read_only=True)
    public_text = serializers.SerializerMethodField()
    participating_member_states = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    FULL_ONLY = ACTIVITY_REPORT_FULL_ONLY

    class Meta:
        model = ActivityReport
        fields = ["id", "plan", "year", "activity", "implementing_body", "state", "implementation_status",
                  "start_date", "end_date", "indicator_figure", "indicator_reached", "achievements", "public_text",
                  "updated_at", *ACTIVITY_REPORT_FULL_ONLY, "documents"]

    def get_public_text(self, report) -> dict[str, str]:
        """{part: text} of the parts marked public, of an accepted report."""
        return report.public_text()

    def to_representation(self, report):
        data = super().to_representation(report)
        if not getattr(report, "readable_in_full", False):
            for achievement in data["achievements"]:
                achievement.pop("evidence", None)
        return data


class EntrySerializer(serializers.ModelSerializer):
    provision = serializers.CharField(source="provision.number", read_only=True)

    class Meta:
        model = ProvisionEntry
        fields = ["provision", "status", "national_measures", "laws_and_policies", "challenges", "assistance_needed",
                  "assistance_theme", "good_practice", "sensitivity"]


class NationalReportSerializer(ReadableFields, serializers.ModelSerializer):
    """A national report with the answers (and narrative, and documents) whose marks the caller may read."""

    plan = serializers.CharField(source="cycle.plan.slug", read_only=True)
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    member_state = serializers.CharField(source="member_state.code", read_only=True)
    narrative = serializers.SerializerMethodField()
    entries = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    FULL_ONLY = ("shared_with_member_states", "submitted_at", "first_submitted_at")

    class Meta:
        model = NationalReport
        fields = ["id", "plan", "year", "member_state", "state", "narrative", "entries", "updated_at",
                  "shared_with_member_states", "submitted_at", "first_submitted_at", "documents"]

    def get_narrative(self, report) -> str | None:
        """The narrative, if its mark lets the caller read it; null otherwise."""
        return report.narrative if self.context["may_read"](report, report.narrative_sensitivity) else None

    def get_entries(self, report) -> list[dict]:
        readable = [entry for entry in report.entries.all() if self.context["may_read"](report, entry.sensitivity)]
        return EntrySerializer(readable, many=True).data
