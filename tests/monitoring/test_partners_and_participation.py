"""Partners named on activity reports, and Member States' participation with a role: the report form,
the report page, the export, the partner's page and the activity x Member State view of a work plan."""

import csv
import io

import pytest
from django.urls import reverse

from bodies.models import Partner, PartnerContact
from monitoring import services
from monitoring.models import ActivityReport, Participation
from national import roles as national_roles
from tests.factories import ActivityFactory, MemberStateFactory, SectoralBodyFactory
from tests.monitoring.conftest import complete, make_user
from tests.monitoring.test_views import form_data
from tests.national.conftest import focal_point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dialogue_partners")]


@pytest.fixture
def everyone(world):
    """The monitoring world with a person in every other role too."""
    national_roles.ensure_groups()
    world.indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    world.malaysia = MemberStateFactory(name="Malaysia", code="MYS")
    world.focal = focal_point(world.indonesia, "National Counter Terrorism Agency", username="id-focal")
    world.chair = make_user(national_roles.WG_CHAIR, username="wgct-chair")
    world.secretariat = make_user(national_roles.SECRETARIAT, username="asean-sec")
    world.eu = Partner.objects.get(slug="eu")  # from the data migration
    return world


def submitted(world, report, *, states=None, partners=()):
    """Save `report` with its Member States' roles and partners as its body does, then submit it."""
    complete(report)
    services.update_report(report=report, user=world.staff, expected_version=report.version, fields={},
                           member_states=states or {}, achievements={}, partners=partners)
    return services.submit_report(report=ActivityReport.objects.get(pk=report.pk), user=world.staff)


ROLES = ["anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin"]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))


# --- the register --------------------------------------------------------------------------------

def test_the_register_starts_with_the_eleven_dialogue_partners_and_unodc(db):
    kinds = dict(Partner.objects.values_list("short_name", "kind"))
    assert sorted(name for name, kind in kinds.items() if kind == Partner.Kind.DIALOGUE_PARTNER) == sorted(
        ["Australia", "Canada", "China", "EU", "India", "Japan", "ROK", "New Zealand", "Russia", "UK", "US"])
    assert kinds["UNODC"] == Partner.Kind.UN_ENTITY


@pytest.mark.parametrize("role", ROLES)
def test_partner_pages_are_for_signed_in_people(client, everyone, role):
    login(client, everyone, role)
    for url in (reverse("monitoring:partners"), everyone.eu.get_absolute_url()):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 200
            assert b"European Union" in response.content


def test_an_unknown_partner_is_a_404(client, everyone):
    client.force_login(everyone.staff)
    assert client.get(reverse("monitoring:partner", args=["atlantis"])).status_code == 404


def test_partner_named_on_a_submitted_report_shows_on_its_page_and_in_the_list(client, everyone, draft):
    PartnerContact.objects.create(partner=everyone.eu, name="Programme officer", email="po@eeas.example")
    client.force_login(everyone.chair)
    assert b"No report names EU yet." in client.get(everyone.eu.get_absolute_url()).content
    submitted(everyone, draft, partners=[everyone.eu])
    page = client.get(everyone.eu.get_absolute_url())
    rows = page.context["reports"]
    assert [report.pk for report in rows] == [draft.pk]
    assert everyone.activity.code in page.content.decode() and b"po@eeas.example" in page.content
    counts = {partner.slug: partner.activity_count for partner in client.get(reverse("monitoring:partners")).context["partners"]}
    assert counts["eu"] == 1 and counts["japan"] == 0


def test_a_draft_naming_a_partner_is_not_yet_on_its_page(client, everyone, draft):
    services.update_report(report=draft, user=everyone.staff, expected_version=draft.version, fields={},
                           member_states={}, achievements={}, partners=[everyone.eu])
    client.force_login(everyone.staff)
    assert list(client.get(everyone.eu.get_absolute_url()).context["reports"]) == []


def test_the_report_form_names_partners_and_the_page_and_export_show_them(client, everyone, draft):
    client.force_login(everyone.staff)
    unodc = Partner.objects.get(slug="unodc")
    data = form_data(draft, supporting_partners=[everyone.eu.pk, unodc.pk], partners="Hedayah")
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 302
    assert set(draft.supporting_partners.values_list("slug", flat=True)) == {"eu", "unodc"}
    content = client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{everyone.eu.get_absolute_url()}"' in content and "Hedayah" in content
    export = client.get(reverse("monitoring:reports", args=[draft.cycle.plan.slug]) + "?download=csv")
    row = next(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert row["Partners"] == "EU, UNODC; Hedayah"


def test_a_partner_id_beyond_any_integer_is_a_form_error(client, everyone, draft):
    client.force_login(everyone.staff)
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]),
                           form_data(draft, supporting_partners=["99999999999999999999999"]))
    assert response.status_code == 200 and "supporting_partners" in response.context["form"].errors


# --- participation with a role ---------------------------------------------------------------

def test_the_form_saves_each_states_role_and_the_page_and_history_show_it(client, everyone, draft):
    client.force_login(everyone.staff)
    indonesia, malaysia = everyone.indonesia, everyone.malaysia
    data = form_data(draft, participating_member_states=[indonesia.pk, malaysia.pk],
                     **{f"role_{indonesia.pk}": "hosted", f"role_{malaysia.pk}": "attended"})
    assert client.post(reverse("monitoring:edit_report", args=[draft.pk]), data).status_code == 302
    assert dict(draft.participations.values_list("memberstate__code", "role")) == {"IDN": "hosted", "MYS": "attended"}
    draft.refresh_from_db()
    data = form_data(draft, participating_member_states=[indonesia.pk],
                     **{f"role_{indonesia.pk}": "co_sponsored", f"role_{malaysia.pk}": "hosted"})
    client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    # Unticked, Malaysia's role does not count; Indonesia's changed.
    assert dict(draft.participations.values_list("memberstate__code", "role")) == {"IDN": "co_sponsored"}
    content = client.get(draft.get_absolute_url()).content.decode()
    assert 'Indonesia <span class="muted">(co-sponsored)</span>' in content
    assert "<del>Indonesia (hosted), Malaysia (attended)</del>" in content  # the history says what changed
    form = client.get(reverse("monitoring:edit_report", args=[draft.pk])).context["form"]
    assert form[f"role_{indonesia.pk}"].value() == "co_sponsored"


def test_an_unknown_role_is_a_form_error(client, everyone, draft):
    client.force_login(everyone.staff)
    data = form_data(draft, participating_member_states=[everyone.indonesia.pk], **{f"role_{everyone.indonesia.pk}": "invaded"})
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 200 and f"role_{everyone.indonesia.pk}" in response.context["form"].errors
    assert not draft.participations.exists()


def _matrix(client, world, year=2025):
    return client.get(reverse("monitoring:participation", args=["bali-work-plan"]) + f"?cycle={year}").context["matrix"]


def test_the_activity_x_state_view_shows_the_largest_role_and_counts_it(client, everyone, draft):
    indonesia, malaysia = everyone.indonesia, everyone.malaysia
    submitted(everyone, draft, states={indonesia: "attended", malaysia: "co_sponsored"})
    # Another body's report on the same activity says Indonesia hosted it: the view shows the larger part.
    other = SectoralBodyFactory(abbreviation="ACWC")
    everyone.activity.lead_bodies.add(other)
    make_user("Secretariat staff", other, username="acwc")
    second = services.start_report(activity=everyone.activity, cycle=everyone.cycle, body=other, user=everyone.admin)
    complete(second)
    services.update_report(report=second, user=everyone.admin, expected_version=second.version, fields={},
                           member_states={indonesia: "hosted"}, achievements={})
    services.submit_report(report=ActivityReport.objects.get(pk=second.pk), user=everyone.admin)
    # A draft does not count.
    third_activity = ActivityFactory(lead_bodies=[everyone.somtc])
    draft3 = services.start_report(activity=third_activity, cycle=everyone.cycle, body=everyone.somtc, user=everyone.staff)
    services.update_report(report=draft3, user=everyone.staff, expected_version=draft3.version, fields={},
                           member_states={malaysia: "hosted"}, achievements={})

    client.force_login(everyone.cochair)
    matrix = _matrix(client, everyone)
    codes = [state.code for state in matrix.member_states]
    cells = {activity.code: dict(zip(codes, roles)) for activity, roles in matrix.activities}
    assert cells == {everyone.activity.code: {"IDN": "hosted", "MYS": "co_sponsored"}}
    # Counted independently of the view: the strongest role per (activity, state) among reported reports.
    rank = ["hosted", "co_sponsored", "attended"]
    best = {}
    for row in Participation.objects.filter(activityreport__state__in=["submitted", "accepted"],
                                            activityreport__cycle=everyone.cycle):
        key = (row.activityreport.activity_id, row.memberstate.code)
        best[key] = min(best.get(key, "attended"), row.role, key=rank.index)
    expected = {code: {role: sum(1 for (_, c), r in best.items() if c == code and r == role) for role in rank} for code in codes}
    assert dict(zip(codes, matrix.totals)) == expected
    assert expected["IDN"]["hosted"] == 1 and expected["MYS"]["co_sponsored"] == 1
    # The body's staff see only what their own body's reports say.
    client.force_login(everyone.staff)
    assert dict(zip(codes, _matrix(client, everyone).activities[0][1])) == {"IDN": "attended", "MYS": "co_sponsored"}


def test_the_work_plan_page_links_to_the_participation_view(client, everyone):
    client.force_login(everyone.cochair)
    content = client.get(reverse("workplan:plan", args=["bali-work-plan"])).content.decode()
    assert reverse("monitoring:participation", args=["bali-work-plan"]) in content


EXPECTED = {"anonymous": 302, "staff": 200, "focal": 403, "cochair": 200, "chair": 403, "secretariat": 403, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_participation_view(client, everyone, role):
    login(client, everyone, role)
    response = client.get(reverse("monitoring:participation", args=["bali-work-plan"]))
    assert response.status_code == EXPECTED[role]


@pytest.mark.parametrize("reports", [1, 6])
def test_the_participation_view_runs_a_fixed_number_of_queries(client, everyone, django_assert_num_queries, reports):
    for index in range(reports):
        activity = ActivityFactory(lead_bodies=[everyone.somtc])
        report = services.start_report(activity=activity, cycle=everyone.cycle, body=everyone.somtc, user=everyone.staff)
        submitted(everyone, report, states={everyone.indonesia: "hosted", everyone.malaysia: "attended"})
    client.force_login(everyone.cochair)
    with django_assert_num_queries(13):
        response = client.get(reverse("monitoring:participation", args=["bali-work-plan"]) + "?cycle=2025")
    assert len(response.context["matrix"].activities) == reports
