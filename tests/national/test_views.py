import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from national import services
from national.models import NationalReport, ProvisionEntry
from tests.factories import MemberStateFactory, ReportingCycleFactory
from tests.national.conftest import answer_all, build_plan_of_action, focal_point

pytestmark = pytest.mark.django_db


def area_post(report, area_number, *, version=None, changes=None):
    """What the area form posts, with `changes` keyed by the entry's index."""
    entries = list(report.entries.in_plan_order().filter(provision__priority_area__number=area_number))
    data = {
        "version": report.version if version is None else version,
        "entries-TOTAL_FORMS": len(entries), "entries-INITIAL_FORMS": len(entries),
        "entries-MIN_NUM_FORMS": 0, "entries-MAX_NUM_FORMS": 1000,
    }
    for index, entry in enumerate(entries):
        values = {name: getattr(entry, name) for name in ProvisionEntry.ANSWERS}
        values.update((changes or {}).get(index, {}))
        data[f"entries-{index}-id"] = entry.pk
        data.update({f"entries-{index}-{name}": value for name, value in values.items() if value is not False})
    return data


def test_focal_point_fills_an_area_and_goes_to_the_next(client, nat, draft):
    client.force_login(nat.agency_focal)
    url = reverse("national:edit_area", args=[draft.pk, 1])
    page = client.get(url)
    assert "Measure on matter 1" in page.content.decode() and "Measure on matter 2" not in page.content.decode()
    data = area_post(draft, 1, changes={0: {"status": "implemented", "national_measures": "Law No. 5/2018",
                                      "assistance_needed": "Training of prosecutors", "assistance_theme": "training"}})
    response = client.post(url, {**data, "next": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("national:edit_area", args=[draft.pk, 2])
    entry = draft.entries.in_plan_order().first()
    assert (entry.status, entry.national_measures, entry.assistance_theme) == ("implemented", "Law No. 5/2018", "training")


def test_assistance_without_its_kind_is_refused_with_everything_kept(client, nat, draft):
    client.force_login(nat.focal)
    url = reverse("national:edit_area", args=[draft.pk, 1])
    data = area_post(draft, 1, changes={0: {"status": "planned", "assistance_needed": "Forensic laboratory equipment"}})
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200 and "Choose the kind of assistance" in text
    assert "Forensic laboratory equipment" in text
    assert not draft.entries.exclude(status="").exists()


def test_area_form_errors_are_in_the_error_summary_and_beside_their_fields(client, nat, draft):
    client.force_login(nat.focal)
    url = reverse("national:edit_area", args=[draft.pk, 1])
    first = draft.entries.in_plan_order().select_related("provision").filter(provision__priority_area__number=1).first()
    data = area_post(draft, 1, changes={0: {"status": "planned", "assistance_needed": "Forensic laboratory equipment"}})
    text = client.post(url, data).content.decode()
    # The summary, as on the activity report form: titled, each error once, linking to its field.
    assert '<div class="error-summary" role="alert" aria-labelledby="error-summary-title">' in text
    assert '<h2 id="error-summary-title">Nothing was saved</h2>' in text
    label = f"{nat.plan.provision_label.capitalize()} {first.provision.number}, Kind of assistance"
    assert f'<a href="#id_entries-0-assistance_theme">{label}: Choose the kind of assistance' in text
    # And beside the field, tied to it.
    assert '<div class="field has-error">' in text
    assert '<p class="error" id="id_entries-0-assistance_theme_error"><span class="visually-hidden">Error: </span>Choose the kind' in text
    assert "see the messages on the form" not in text  # the summary, not a banner besides it


def test_a_stale_area_save_is_refused_and_what_was_typed_kept(client, nat, draft):
    services.update_report(report=draft, user=nat.focal, expected_version=1, fields={"narrative": "Saved elsewhere"})
    client.force_login(nat.agency_focal)
    url = reverse("national:edit_area", args=[draft.pk, 1])
    response = client.post(url, area_post(draft, 1, version=1, changes={0: {"status": "planned", "challenges": "Porous borders"}}))
    text = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this report" in text and "Porous borders" in text
    assert not draft.entries.exclude(status="").exists()


@pytest.mark.parametrize("tamper", ["other_report", "fewer_forms", "bad_status", "no_version", "huge_id", "nul_byte", "huge_version"])
def test_tampered_area_posts_get_a_clear_error_never_a_500(client, nat, draft, tamper):
    client.force_login(nat.focal)
    url = reverse("national:edit_area", args=[draft.pk, 1])
    data = area_post(draft, 1)
    if tamper == "other_report":
        other = services.start_national_report(member_state=nat.malaysia, cycle=nat.cycle, user=nat.other_focal)
        data["entries-0-id"] = other.entries.first().pk
    elif tamper == "fewer_forms":
        data["entries-TOTAL_FORMS"] = 1
    elif tamper == "bad_status":
        data["entries-0-status"] = "done"
    elif tamper == "no_version":
        del data["version"]
    elif tamper == "huge_id":
        data["entries-0-id"] = "9" * 30
    elif tamper == "nul_byte":
        data["entries-0-national_measures"] = "Law\x00 No. 5"
    else:
        data["version"] = "9" * 30
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode() or "Someone else saved" in response.content.decode()
    assert not draft.entries.exclude(status="").exists()


def test_confirming_carried_forward_answers_through_the_form(client, nat):
    last = services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.admin)
    answer_all(last, status="implemented")
    report = services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.focal)
    client.force_login(nat.focal)
    url = reverse("national:edit_area", args=[report.pk, 1])
    assert "Carried forward from last year" in client.get(url).content.decode()
    data = area_post(report, 1, changes={0: {"confirm": "on"}, 1: {"status": "in_progress"}})
    client.post(url, data)
    assert not report.entries.filter(provision__priority_area__number=1, carried_forward=True).exists()
    assert report.entries.filter(provision__priority_area__number=2, carried_forward=True).count() == 2


def test_a_document_that_is_not_one_is_refused_and_a_real_one_attached(client, nat, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(nat.focal)
    url = reverse("national:edit_report", args=[draft.pk])
    fake = SimpleUploadedFile("strategy.pdf", b"MZ\x90\x00 an executable", "application/pdf")
    response = client.post(url, {"version": draft.version, "narrative": "Our strategy", "document": fake})
    assert response.status_code == 200 and "does not look like a PDF" in response.content.decode()
    assert not draft.documents.exists()
    real = SimpleUploadedFile("strategy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(url, {"version": draft.version, "narrative": "Our strategy", "shared_with_member_states": "on", "document": real})
    draft.refresh_from_db()
    assert draft.documents.count() == 1 and draft.narrative == "Our strategy" and draft.shared_with_member_states


def test_an_agency_focal_point_cannot_share_through_the_form(client, nat, draft):
    client.force_login(nat.agency_focal)
    url = reverse("national:edit_report", args=[draft.pk])
    client.post(url, {"version": draft.version, "narrative": "Agency input", "shared_with_member_states": "on"})
    draft.refresh_from_db()
    assert draft.narrative == "Agency input" and not draft.shared_with_member_states


def test_submitting_an_unfinished_report_says_what_is_missing(client, nat, draft):
    client.force_login(nat.focal)
    response = client.post(reverse("national:submit_report", args=[draft.pk]), follow=True)
    assert "implementation status of 4 measure" in response.content.decode()
    assert NationalReport.objects.get(pk=draft.pk).state == "draft"


# --- query counts, at two sizes: the PoA's 30 action lines and the ACPoA's 77 measures ------------------

@pytest.fixture(params=[(30, 4), (77, 17)], ids=["poa-30", "acpoa-77"])
def sized_report(request, db):
    from national import roles

    roles.ensure_groups()
    provisions, areas = request.param
    plan = build_plan_of_action(provisions=provisions, areas=areas, slug=f"plan-{provisions}")
    state = MemberStateFactory()
    user = focal_point(state, "Ministry of Home Affairs")
    cycle = ReportingCycleFactory(plan=plan, year=2025)
    report = services.start_national_report(member_state=state, cycle=cycle, user=user)
    answer_all(report, challenges="Resources", assistance_needed="Training", assistance_theme="training")
    return report, user


@pytest.mark.parametrize("query,count", [("", 24), ("?area=1", 25)], ids=["folded", "area-open"])
def test_report_page_queries_do_not_grow_with_the_plan(client, sized_report, django_assert_num_queries, query, count):
    # The same count at both sizes: the task list is one query, the open area's answers one more; which
    # marks the reader may read (reporting.sensitivity.readable_marks), two.
    report, user = sized_report
    client.force_login(user)
    with django_assert_num_queries(count):
        response = client.get(reverse("national:report", args=[report.pk]) + query)
    assert response.status_code == 200


def test_area_form_queries_do_not_grow_with_the_plan(client, sized_report, django_assert_num_queries):
    report, user = sized_report
    client.force_login(user)
    with django_assert_num_queries(11):
        response = client.get(reverse("national:edit_area", args=[report.pk, 1]))
    assert response.status_code == 200


@pytest.mark.parametrize("role,lands_on", [
    ("focal", "/plans/acpoa-ct/national-reports/"), ("chair", "/plans/acpoa-ct/national-reports/"),
    ("staff", "/monitoring/"), ("cochair", "/monitoring/"), ("admin", "/monitoring/"),
])
def test_after_logging_in_each_role_starts_where_it_works(client, nat, role, lands_on):
    client.force_login(getattr(nat, role))
    assert client.get(reverse("national:home"))["Location"] == lands_on


@pytest.mark.parametrize("path", [
    "/national-reports/99999999999999999999999/", "/national-reports/1/areas/99999999999999999999/",
    "/plans/acpoa-ct/national-reports/99999999999999999999/IDN/start/", "/plans/acpoa-ct/national-reports/?cycle=9999999999999999999999",
    "/reviews/99999999999999999999999/", "/meetings/99999999999999999999999/",
])
def test_numbers_beyond_any_database_integer_are_not_found(client, nat, draft, path):
    client.force_login(nat.admin)
    response = client.post(path) if path.endswith("start/") else client.get(path)
    assert response.status_code == 404


def test_the_chairs_return_comment_is_on_every_page_the_focal_point_revises_on(client, nat, draft):
    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    services.return_national_report(report=draft, user=nat.chair, comment="Name the law behind measure 2.1.")
    client.force_login(nat.focal)
    pages = [reverse("national:report", args=[draft.pk]), reverse("national:edit_report", args=[draft.pk]),
             reverse("national:edit_area", args=[draft.pk, 1])]
    for url in pages:
        page = client.get(url).content.decode()
        assert 'class="returned-comment"' in page and "Name the law behind measure 2.1." in page, url
    draft.refresh_from_db()
    services.submit_national_report(report=draft, user=nat.focal)
    assert 'class="returned-comment"' not in client.get(pages[0]).content.decode()  # the timeline still has it
