import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Decision, Meeting
from steering import services
from steering.models import Amendment, AmendmentChange
from tests.factories import ActionLineFactory, ActivityFactory, SectoralBodyFactory, WorkPlanFactory, bali, build_plan
from tests.steering.conftest import as_adopted
from tests.workplan.test_import_queries import new_activities
from workplan.models import Activity
from workplan.services import import_matrix

pytestmark = pytest.mark.django_db


def test_a_matrix_import_records_an_applied_amendment_citing_and_keeping_its_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SectoralBodyFactory(abbreviation="SOMTC")
    SectoralBodyFactory(abbreviation="AICHR")
    WorkPlanFactory()
    line = ActionLineFactory()
    ActivityFactory(focus_area__action_line=line, code=f"{line.number}.1", text="Already in the matrix")
    dataset = new_activities(line, 2)
    import_matrix(plan=bali(), dataset=dataset, dry_run=True, source="uploads/matrix-2026.xlsx", content=b"PK\x03\x04 the file")
    assert not Amendment.objects.exists()  # a dry run amends nothing
    import_matrix(plan=bali(), dataset=dataset, dry_run=False, source="uploads/matrix-2026.xlsx", content=b"PK\x03\x04 the file")
    amendment = Amendment.objects.get()
    assert amendment.reason == "Imported from matrix-2026.xlsx" and amendment.state == Amendment.State.APPLIED
    assert amendment.file_name == "matrix-2026.xlsx" and amendment.file.read() == b"PK\x03\x04 the file"
    assert "2 rows new" in amendment.summary and amendment.plan == bali()
    # The matrix's history says why, for what the import wrote in bulk too.
    activity = Activity.objects.get(text="Regional workshop 1")
    assert activity.history.get().history_change_reason == "Imported from uploads/matrix-2026.xlsx"
    assert activity.outputs.first().history.get().history_change_reason == "Imported from uploads/matrix-2026.xlsx"
    assert sorted(b.sectoralbody.abbreviation for b in activity.history.get().lead_bodies.all()) == ["AICHR", "SOMTC"]
    # The same file again changes nothing, and amends nothing.
    import_matrix(plan=bali(), dataset=new_activities(line, 0), dry_run=False, source="empty.xlsx")
    assert Amendment.objects.count() == 1


def test_the_first_load_of_a_matrix_is_the_plan_as_adopted_not_an_amendment():
    SectoralBodyFactory(abbreviation="SOMTC")
    SectoralBodyFactory(abbreviation="AICHR")
    WorkPlanFactory()
    import_matrix(plan=bali(), dataset=new_activities(ActionLineFactory(), 2), dry_run=False, source="matrix.xlsx")
    assert Activity.objects.count() == 2 and not Amendment.objects.exists()


# --- who may open what ------------------------------------------------------------------------------

ROLES = ["anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin"]
RECORDERS = {"cochair", "secretariat", "admin"}


def login(client, steer, role):
    if role != "anonymous":
        client.force_login(getattr(steer, role))


@pytest.fixture
def draft(steer):
    amendment = services.record_amendment(plan=steer.plan, user=steer.cochair, decision=steer.decision,
                                          reason="Adjust", takes_effect_on=datetime.date(2026, 1, 1))
    services.add_change(amendment=amendment, kind=AmendmentChange.Kind.DROP_ACTIVITY, activity=steer.other_activity)
    return amendment


def urls(steer, amendment):
    """name → (url, method, who gets through: "public", "signed in" or "recorders")."""
    slug, pk = steer.plan.slug, amendment.pk
    return {
        "compare": (reverse("steering:compare", args=[slug]), "get", "public"),
        "amendments": (reverse("steering:amendments", args=[slug]), "get", "signed in"),
        "amendment": (reverse("steering:amendment", args=[slug, pk]), "get", "signed in"),
        "amendment_file": (reverse("steering:amendment_file", args=[slug, pk]), "get", "signed in"),
        "amendment_new": (reverse("steering:amendment_new", args=[slug]), "get", "recorders"),
        "amendment_edit": (reverse("steering:amendment_edit", args=[slug, pk]), "get", "recorders"),
        "change_new": (reverse("steering:change_new", args=[slug, pk, "drop_activity"]), "get", "recorders"),
        "change_remove": (reverse("steering:change_remove", args=[slug, pk, 1]), "post", "recorders"),
        "amendment_apply": (reverse("steering:amendment_apply", args=[slug, pk]), "post", "recorders"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_steering_url_as_every_role(client, steer, draft, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft.file.save("matrix.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    login(client, steer, role)
    for name, (url, method, who) in urls(steer, draft).items():
        response = getattr(client, method)(url)
        allowed = who == "public" or (who == "signed in" and role != "anonymous") or (who == "recorders" and role in RECORDERS)
        if allowed:
            assert response.status_code in (200, 302) and not response.get("Location", "").startswith("/accounts/login"), (name, role)
        elif role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
        if who != "public":
            assert "no-store" in response.get("Cache-Control", ""), (name, role)
    draft.refresh_from_db()
    # Only a recorder's POSTs removed the line and applied what was left (nothing: refused, still a draft).
    assert draft.changes.exists() == (role not in RECORDERS)
    assert draft.is_draft


def test_a_plan_of_action_has_no_amendments_of_a_matrix(client, steer):
    from tests.national.conftest import build_plan_of_action

    plan = build_plan_of_action()
    client.force_login(steer.cochair)
    assert client.get(reverse("steering:amendments", args=[plan.slug])).status_code == 404
    assert client.get(reverse("steering:compare", args=[plan.slug])).status_code == 404


# --- queries that do not grow with the plan ------------------------------------------------------------

def amended_plan(scale):
    """A plan shaped like the real one, `scale` times as large, with `scale` * 3 amendments, one applied."""
    from tests.monitoring.conftest import make_user
    from steering import roles

    roles.ensure_groups()
    bodies = build_plan(scale=scale)
    plan = bali()
    as_adopted(plan)
    user = make_user(roles.COCHAIRS)
    meeting = Meeting.objects.create(title="MTF meeting", kind=Meeting.Kind.MTF, held_on=datetime.date(2025, 3, 12))
    activities = list(Activity.objects.filter(plan=plan).order_by("pk"))
    for n in range(scale * 3):
        decision = Decision.objects.create(meeting=meeting, position=n + 1, text=f"Adjust activity {n}")
        amendment = services.record_amendment(plan=plan, user=user, reason=f"Adjust {n}", decision=decision,
                                              takes_effect_on=timezone.localdate())
        services.add_change(amendment=amendment, kind=AmendmentChange.Kind.REWORD_ACTIVITY,
                            activity=activities[n], text=f"Reworded {n}")
        services.add_change(amendment=amendment, kind=AmendmentChange.Kind.CHANGE_LEAD_BODIES,
                            activity=activities[n], lead_bodies=bodies[:2])
        services.apply_amendment(amendment=amendment, user=user)
    return plan, user


@pytest.mark.parametrize("scale", [1, 2])
def test_the_comparison_runs_the_same_queries_whatever_the_size(client, scale, django_assert_num_queries):
    plan, _ = amended_plan(scale)
    url = reverse("steering:compare", args=[plan.slug])
    with django_assert_num_queries(21):
        response = client.get(url, {"on": "2019-11-27"})
    assert response.content.decode().count("difference-changed") == scale * 3


@pytest.mark.parametrize("scale", [1, 2])
def test_the_list_of_amendments_runs_the_same_queries_whatever_their_number(client, scale, django_assert_num_queries):
    plan, user = amended_plan(scale)
    client.force_login(user)
    url = reverse("steering:amendments", args=[plan.slug])
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Adjust ") == scale * 3
