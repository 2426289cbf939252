"""The contract every kind of report keeps with the shared machinery (reporting/): its transitions table,
versions and locking, closed cycles and ended plans, documents, history, the admin, `no-store` on its
pages, and the emails its steps write. Each test runs once per report model, through a small adapter
per kind (`Kind`); a report model without an adapter fails `test_every_report_model_is_covered`."""

from collections import deque
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse

from monitoring import roles as monitoring_roles
from monitoring import services as monitoring_services
from monitoring.models import ActivityReport
from national import services as national_services
from national.models import NationalReport
from notifications.models import Event, Notification
from reporting import permissions, services
from reporting.models import ReportingCycle, VersionedReport
from reporting.services import CommentRequired, StaleReportError, WorkflowError
from tests.monitoring.conftest import complete, make_user, world  # noqa: F401 (shared fixture: the monitoring world)
from tests.national.conftest import answer_all, nat  # noqa: F401 (shared fixture: the national world)
from workplan.models import Plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- the adapters: what the contract needs to know of each kind of report ---------------------------

@dataclass(frozen=True)
class Kind:
    """How the contract tests reach one kind of report."""

    name: str
    model: type
    world: str  # the fixture that builds the kind's small world
    people: Callable  # world → writer, cowriter, reviewer, outsider, admin, told_of_submissions
    start: Callable  # (world, cycle, writer) → a fresh draft
    fill: Callable  # report → the same report, with all it needs to be submitted
    edit: Callable  # (report, user, text) → the report saved by its kind's own edit service
    text_field: str  # a free-text field that `edit` sets and the admin's form changes
    detail_url: str
    document_url: str
    admin_change_url: str
    editable: frozenset
    sent: frozenset
    final: frozenset

    def __str__(self):
        return self.name


def monitoring_people(w):
    return SimpleNamespace(
        writer=w.staff, cowriter=make_user(monitoring_roles.STAFF, w.somtc, username="somtc-2"),
        reviewer=w.cochair, outsider=w.other_staff, admin=w.admin, told_of_submissions=[w.cochair],
    )


def national_people(w):
    return SimpleNamespace(
        writer=w.focal, cowriter=w.agency_focal, reviewer=w.chair, outsider=w.other_focal, admin=w.admin,
        told_of_submissions=[w.chair, w.secretariat],
    )


ACTIVITY = Kind(
    name="activity-report",
    model=ActivityReport,
    world="world",
    people=monitoring_people,
    start=lambda w, cycle, user: monitoring_services.start_report(activity=w.activity, cycle=cycle, body=w.somtc, user=user),
    fill=complete,
    edit=lambda report, user, text: monitoring_services.update_report(
        report=report, user=user, expected_version=report.version, fields={"venue": text}, member_states=[],
        achievements={}),
    text_field="venue",
    detail_url="monitoring:report",
    document_url="monitoring:document",
    admin_change_url="admin:monitoring_activityreport_change",
    editable=frozenset({"draft", "returned"}),
    sent=frozenset({"submitted", "accepted"}),
    final=frozenset({"accepted"}),
)

NATIONAL = Kind(
    name="national-report",
    model=NationalReport,
    world="nat",
    people=national_people,
    start=lambda w, cycle, user: national_services.start_national_report(member_state=w.indonesia, cycle=cycle, user=user),
    fill=answer_all,
    edit=lambda report, user, text: national_services.update_report(
        report=report, user=user, expected_version=report.version, fields={"narrative": text}),
    text_field="narrative",
    detail_url="national:report",
    document_url="national:document",
    admin_change_url="admin:national_nationalreport_change",
    editable=frozenset({"draft", "returned"}),
    sent=frozenset({"submitted", "acknowledged"}),
    final=frozenset({"acknowledged"}),
)

KINDS = [ACTIVITY, NATIONAL]

# Each step of a transitions table, taken through reporting.services.
STEPS = {
    "submit": lambda report, user, comment: services.submit(report=report, user=user),
    "return": lambda report, user, comment: services.return_for_revision(report=report, user=user, comment=comment),
    "accept": lambda report, user, comment: services.accept(report=report, user=user, comment=comment),
    "reopen": lambda report, user, comment: services.reopen(report=report, user=user, reason=comment),
}


class Case:
    """One kind of report in its small world: its people, and its reports brought to any state by steps."""

    def __init__(self, kind, world):
        self.adapter, self.world, self.model = kind, world, kind.model
        self.people = kind.people(world)
        self.__dict__.update(vars(self.people))
        self.cycle = world.cycle
        # Everyone has an address, so that nobody is left out of an email for want of one.
        get_user_model().objects.update(email=Concat("username", Value("@example.org")))

    @property
    def writers(self):
        return [self.writer, self.cowriter]

    def draft(self, *, filled=True):
        report = self.adapter.start(self.world, self.cycle, self.writer)
        return self.adapter.fill(report) if filled else report

    def taker_of(self, step):
        return self.writer if step == "submit" else self.reviewer

    def take(self, report, step, *, user=None, comment=None):
        comment = f"Why: {step}." if comment is None else comment
        return STEPS[step](report, user or self.taker_of(step), comment)

    def bring_to(self, report, state):
        """`report` moved by the steps of its table, the shortest way, to `state`."""
        paths, seen = deque([(report.state, [])]), {report.state}
        while paths:
            at, steps = paths.popleft()
            if at == state:
                for step in steps:
                    report = self.take(report, step)
                return report
            for to, step in self.model.TRANSITIONS.get(at, {}).items():
                if to not in seen:
                    seen.add(to)
                    paths.append((to, [*steps, step]))
        raise AssertionError(f"no way from {report.state} to {state} in the table")

    def report_in(self, state):
        return self.bring_to(self.draft(), state)


@pytest.fixture
def kind(request):
    adapter = request.param
    return Case(adapter, request.getfixturevalue(adapter.world))


each_kind = pytest.mark.parametrize("kind", KINDS, indirect=True, ids=str)


def allowed_steps():
    return [pytest.param(kind, source, to, step, id=f"{kind}-{source}-{step}-{to}")
            for kind in KINDS for source, steps in kind.model.TRANSITIONS.items() for to, step in steps.items()]


def refused_steps():
    return [pytest.param(kind, state, step, id=f"{kind}-{step}-from-{state}")
            for kind in KINDS for state in kind.model.State.values for step in STEPS
            if step not in kind.model.TRANSITIONS.get(state, {}).values()]


def unchanged(report):
    """What must not move when a step is refused."""
    fresh = type(report)._default_manager.get(pk=report.pk)
    return fresh.state, fresh.version, fresh.transitions.count()


# --- the contract --------------------------------------------------------------------------------

def test_every_report_model_is_covered():
    concrete = {model for model in apps.get_models()
                if issubclass(model, VersionedReport) and not model._meta.abstract}
    assert concrete == {kind.model for kind in KINDS}, "give every report model an adapter (Kind) here"


@pytest.mark.parametrize("kind, source, to, step", allowed_steps(), indirect=["kind"])
def test_every_step_of_the_table_moves_the_report_and_records_who_and_why(kind, source, to, step):
    report = kind.report_in(source)
    steps_before = report.transitions.count()
    comment = "" if step == "submit" else f"Because of {step}."
    moved = kind.take(report, step, comment=comment)
    fresh = kind.model.objects.get(pk=report.pk)
    assert fresh.state == moved.state == to
    assert fresh.transitions.count() == steps_before + 1
    latest = fresh.transitions.order_by("-at", "-pk").first()
    assert (latest.from_state, latest.to_state, latest.by, latest.comment) == (source, to, kind.taker_of(step), comment)


@pytest.mark.parametrize("kind, state, step", refused_steps(), indirect=["kind"])
def test_a_step_not_in_the_table_is_refused_and_changes_nothing(kind, state, step):
    report = kind.report_in(state)
    before = unchanged(report)
    with pytest.raises(WorkflowError):
        kind.take(report, step)  # taken by who may take that step where the table allows it
    assert unchanged(report) == before


@pytest.mark.parametrize("step", list(STEPS))
@each_kind
def test_a_step_by_someone_without_the_permission_is_denied(kind, step):
    source = next(state for state, steps in kind.model.TRANSITIONS.items() if step in steps.values())
    report = kind.report_in(source)
    before = unchanged(report)
    # Writers do not review or reopen their own reports; reviewers do not submit them; outsiders do nothing.
    for user in [kind.outsider, kind.reviewer if step == "submit" else kind.writer]:
        with pytest.raises(PermissionDenied):
            kind.take(report, step, user=user)
    assert unchanged(report) == before


@each_kind
def test_a_return_needs_a_comment(kind):
    report = kind.report_in("submitted")
    before = unchanged(report)
    for comment in ["", "   "]:
        with pytest.raises(CommentRequired):
            kind.take(report, "return", comment=comment)
    assert unchanged(report) == before


@each_kind
def test_a_reopen_needs_a_reason(kind):
    report = kind.report_in(kind.model.state_reached_by("accept"))
    before = unchanged(report)
    for reason in ["", "   "]:
        with pytest.raises(WorkflowError):
            kind.take(report, "reopen", comment=reason)
    assert unchanged(report) == before
    assert kind.take(report, "reopen", comment="The figures were wrong.").state == "draft"


@each_kind
def test_the_editable_sent_and_final_states_follow_from_the_table(kind):
    model = kind.model
    assert set(model.editable_states()) == kind.adapter.editable
    assert set(model.sent_states()) == kind.adapter.sent
    assert set(model.final_states()) == kind.adapter.final
    assert set(model.State.values) == kind.adapter.editable | kind.adapter.sent
    assert model.state_reached_by("submit") == "submitted"
    assert model.state_reached_by("reopen") == "draft"
    for state in model.State.values:
        report = model(state=state)
        assert report.is_with_its_writers == (state in kind.adapter.editable)
        assert report.is_sent == (state in kind.adapter.sent)
        assert report.is_final == (state in kind.adapter.final)


# --- versions and locking ------------------------------------------------------------------------

@each_kind
def test_every_save_makes_a_new_version_and_a_stale_lock_is_refused(kind):
    report = kind.draft()
    opened = kind.model.objects.get(pk=report.pk).version
    report.save()
    assert kind.model.objects.get(pk=report.pk).version == opened + 1
    report.save(update_fields=[kind.adapter.text_field])
    assert kind.model.objects.get(pk=report.pk).version == opened + 2
    kind.take(report, "submit")
    assert kind.model.objects.get(pk=report.pk).version == opened + 3
    with pytest.raises(StaleReportError) as refused:
        services.lock(report, expected_version=opened)
    assert refused.value.current_version == opened + 3
    assert services.lock(report, expected_version=opened + 3).pk == report.pk


@each_kind
def test_a_save_from_a_stale_version_through_the_kinds_own_form_service_is_refused(kind):
    report = kind.draft()
    stale = kind.model.objects.get(pk=report.pk)
    kind.adapter.edit(report, kind.writer, "First writer's text")
    with pytest.raises(StaleReportError):
        kind.adapter.edit(stale, kind.cowriter, "Second writer's text")
    assert getattr(kind.model.objects.get(pk=report.pk), kind.adapter.text_field) == "First writer's text"


# --- closed cycles and ended plans ---------------------------------------------------------------

@each_kind
def test_writers_cannot_edit_or_submit_once_the_cycle_is_closed(kind, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = kind.draft()
    document = services.add_document(report=report, user=kind.writer,
                                     uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"))
    assert permissions.may_edit(kind.writer, report) and permissions.may_submit(kind.writer, report)
    ReportingCycle.objects.filter(pk=kind.cycle.pk).update(state=ReportingCycle.State.CLOSED)
    report = kind.model.objects.get(pk=report.pk)
    before = unchanged(report)
    assert not permissions.may_edit(kind.writer, report)
    assert not permissions.may_submit(kind.writer, report)
    with pytest.raises((PermissionDenied, WorkflowError)):
        kind.take(report, "submit")
    with pytest.raises((PermissionDenied, WorkflowError)):
        kind.adapter.edit(report, kind.writer, "Written after the close")
    with pytest.raises((PermissionDenied, WorkflowError)):
        services.remove_document(document=document, user=kind.writer)
    assert unchanged(report) == before and report.documents.count() == 1
    assert permissions.may_edit(kind.admin, report), "an administrator may still correct a closed cycle"


@pytest.mark.parametrize("state", ["draft", "submitted", "final"])
@each_kind
def test_no_step_is_taken_once_the_plan_has_ended_and_its_cycle_closed(kind, state):
    if state == "final":
        state = kind.model.final_states()[0]
    report = kind.report_in(state)
    Plan.objects.filter(pk=kind.cycle.plan_id).update(status=Plan.Status.ENDED)
    ReportingCycle.objects.filter(pk=kind.cycle.pk).update(state=ReportingCycle.State.CLOSED)
    report = kind.model.objects.get(pk=report.pk)
    before = unchanged(report)
    steps = set(kind.model.TRANSITIONS[state].values())
    assert steps
    for step in steps:
        with pytest.raises(WorkflowError):
            kind.take(report, step)
    assert unchanged(report) == before
    for user in [kind.writer, kind.reviewer, kind.admin]:
        assert not permissions.may_edit(user, report)
        assert not any(permissions.may_take(user, report, step) for step in STEPS)


@each_kind
def test_the_last_cycle_of_an_ended_plan_takes_reports_until_it_closes(kind):
    report = kind.draft()
    Plan.objects.filter(pk=kind.cycle.plan_id).update(status=Plan.Status.ENDED)
    report = kind.model.objects.get(pk=report.pk)
    assert kind.cycle.is_open
    assert permissions.may_submit(kind.writer, report)
    assert kind.take(report, "submit").state == "submitted"


# --- documents and history -----------------------------------------------------------------------

@each_kind
def test_documents_are_added_and_removed_only_while_the_report_is_with_its_writers(kind, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = kind.draft()
    upload = lambda name: SimpleUploadedFile(name, PDF, "application/pdf")  # noqa: E731
    first = services.add_document(report=report, user=kind.writer, uploaded=upload("agenda.pdf"))
    assert list(report.documents.all()) == [first] and first.content_type == "application/pdf"
    version, stored = kind.model.objects.get(pk=report.pk).version, first.file.name
    assert first.file.storage.exists(stored)
    services.remove_document(document=first, user=kind.writer)
    assert not report.documents.exists() and not first.file.storage.exists(stored)
    assert kind.model.objects.get(pk=report.pk).version == version + 1

    kept = services.add_document(report=report, user=kind.writer, uploaded=upload("minutes.pdf"))
    kind.take(report, "submit")
    with pytest.raises(PermissionDenied):
        services.remove_document(document=kept, user=kind.writer)
    assert list(report.documents.all()) == [kept] and kept.file.storage.exists(kept.file.name)

    url = reverse(kind.adapter.document_url, args=[kept.pk])
    client.force_login(kind.writer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    client.force_login(kind.outsider)
    response = client.get(url)
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]


@each_kind
def test_every_save_and_step_is_kept_in_the_history(kind):
    report = kind.draft()
    count = report.history.count()
    kind.adapter.edit(report, kind.writer, "Revised text")
    assert report.history.count() == count + 1
    kind.take(report, "submit")
    assert report.history.count() == count + 2
    assert report.history.first().state == "submitted"
    assert getattr(report.history.first(), kind.adapter.text_field) == "Revised text"


# --- the admin -----------------------------------------------------------------------------------

def form_data(form):
    """What a browser posts back for an unbound form as it was shown (its prefix included)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


def admin_post_data(page):
    """The admin change page's form and inline forms, filled in as shown."""
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


@each_kind
def test_the_admin_shows_the_state_read_only(kind, client):
    report = kind.report_in("submitted")
    client.force_login(kind.admin)
    page = client.get(reverse(kind.adapter.admin_change_url, args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="state"' not in html
    assert "field-state" in html, "the state is shown"
    assert "state" not in page.context["adminform"].form.fields


@each_kind
def test_the_admin_refuses_a_save_from_a_stale_page(kind, client):
    report = kind.draft()
    field = kind.adapter.text_field
    client.force_login(kind.admin)
    url = reverse(kind.adapter.admin_change_url, args=[report.pk])
    stale = admin_post_data(client.get(url))
    kind.adapter.edit(report, kind.writer, "The writer's text")
    version = kind.model.objects.get(pk=report.pk).version

    page = client.post(url, {**stale, field: "The administrator's text"})
    assert page.status_code == 200
    assert "changed by someone else since you opened it" in page.content.decode()
    fresh = kind.model.objects.get(pk=report.pk)
    assert (getattr(fresh, field), fresh.version) == ("The writer's text", version)

    # The same change made from a page opened now is saved: only the stale page was refused.
    current = admin_post_data(client.get(url))
    assert client.post(url, {**current, field: "The administrator's text"}).status_code == 302
    assert getattr(kind.model.objects.get(pk=report.pk), field) == "The administrator's text"


@each_kind
def test_the_admin_does_not_change_a_final_report(kind, client):
    report = kind.report_in(kind.model.final_states()[0])
    field = kind.adapter.text_field
    client.force_login(kind.admin)
    url = reverse(kind.adapter.admin_change_url, args=[report.pk])
    page = client.get(url)
    assert page.status_code in (200, 403)
    if page.status_code == 200:
        html = page.content.decode()
        assert 'name="_save"' not in html and f'name="{field}"' not in html, "shown, not editable"
    before = unchanged(report)
    assert client.post(url, {field: "Changed behind the workflow"}).status_code == 403
    assert unchanged(report) == before
    assert getattr(kind.model.objects.get(pk=report.pk), field) != "Changed behind the workflow"


# --- its pages -----------------------------------------------------------------------------------

@each_kind
def test_the_report_page_is_never_stored(kind, client):
    report = kind.draft()
    url = reverse(kind.adapter.detail_url, args=[report.pk])
    for user, status in [(kind.writer, 200), (kind.reviewer, 200), (kind.outsider, 403)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert "no-store" in response["Cache-Control"], user


# --- the emails each step writes -----------------------------------------------------------------

@each_kind
def test_each_step_and_comment_tells_the_right_people_and_never_the_one_who_took_it(kind):
    report = kind.draft()
    writers = {user.pk for user in kind.writers}
    reviewers = {user.pk for user in kind.told_of_submissions}
    last = [0]

    def told(event):
        new = Notification.objects.filter(pk__gt=last[0])
        last[0] = Notification.objects.order_by("pk").values_list("pk", flat=True).last() or last[0]
        assert {n.event for n in new} == {event}, [n.subject for n in new]
        recipients = [n.recipient_id for n in new]
        assert len(recipients) == len(set(recipients)), "one email per person"
        return set(recipients)

    report = kind.take(report, "submit")
    assert told(Event.REPORT_SUBMITTED) == reviewers
    report = kind.take(report, "return")
    assert told(Event.REPORT_RETURNED) == writers
    report = kind.take(report, "submit")
    assert told(Event.REPORT_SUBMITTED) == reviewers
    report = kind.take(report, "accept")
    assert told(Event.REPORT_ACCEPTED) == writers
    report = kind.take(report, "reopen")
    assert told(Event.REPORT_REOPENED) == writers

    services.post_comment(report=report, user=kind.writer, text="The annex follows next week.")
    assert told(Event.COMMENT) == (writers | reviewers) - {kind.writer.pk}
    services.post_comment(report=report, user=kind.reviewer, text="Noted.")
    assert told(Event.COMMENT) == (writers | reviewers) - {kind.reviewer.pk}
    assert not Notification.objects.filter(recipient=kind.outsider).exists()
    with pytest.raises(PermissionDenied):
        services.post_comment(report=report, user=kind.outsider, text="Not mine to say.")


@each_kind
def test_a_refused_step_tells_nobody(kind):
    report = kind.draft(filled=False)
    with pytest.raises(WorkflowError):
        kind.take(report, "submit")  # it lacks what its kind asks before it is sent
    assert not Notification.objects.exists()
    assert kind.model.objects.get(pk=report.pk).state == "draft"

