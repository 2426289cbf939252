import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from monitoring.models import ActivityReport
from tests.monitoring.conftest import complete
from tests.factories import ActivityFactory, MemberStateFactory, OutputFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(report, **overrides):
    """The POST a browser sends for the report form, filled in completely."""
    achievements = list(report.achievements.order_by("output__position"))
    data = {
        "version": report.version,
        "implementation_status": "completed",
        "start_date": "2025-04-04",
        "end_date": "2025-04-05",
        "participating_member_states": [],
        "modality": "in_person",
        "venue": "Bali, Indonesia",
        "partners": "UNODC",
        "dialogue_partner_support": "Funded by a Dialogue Partner",
        "assessment": "The dialogue met its aims.",
        "recommendations": "Hold it every year.",
        "challenges": "",
        "document_description": "",
        "achievements-TOTAL_FORMS": len(achievements),
        "achievements-INITIAL_FORMS": len(achievements),
        "achievements-MIN_NUM_FORMS": 0,
        "achievements-MAX_NUM_FORMS": 1000,
    }
    for index, achievement in enumerate(achievements):
        data[f"achievements-{index}-id"] = achievement.pk
        data[f"achievements-{index}-level"] = "achieved"
        data[f"achievements-{index}-evidence"] = f"Evidence {index}"
        data[f"achievements-{index}-figure"] = ""
    data.update(overrides)
    return data


def test_staff_save_a_report_with_achievements_and_a_document(client, world, draft):
    client.force_login(world.staff)
    data = form_data(draft, document=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"))
    data["achievements-1-level"] = "partly"
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data, follow=True)
    assert b"Report saved." in response.content
    draft.refresh_from_db()
    assert draft.venue == "Bali, Indonesia" and draft.version == 2
    assert list(draft.achievements.order_by("output__position").values_list("level", flat=True)) == ["achieved", "partly"]
    document = draft.documents.get()
    assert document.original_name == "minutes.pdf" and document.size == len(PDF)
    download = client.get(document.get_absolute_url())
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "is not a PDF, Word, Excel or image file"),
        ("renamed.pdf", b"MZ\x90\x00 not really a pdf", "does not look like a PDF file inside"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_bad_document_is_a_form_error_and_nothing_is_saved(client, world, draft, name, content, message):
    client.force_login(world.staff)
    data = form_data(draft, document=SimpleUploadedFile(name, content))
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    draft.refresh_from_db()
    assert draft.version == 1 and draft.venue == "" and not draft.documents.exists()
    assert "Bali, Indonesia" in response.content.decode()  # what was typed is still in the form


def test_a_document_over_the_limit_is_refused(client, world, draft, settings):
    settings.REPORT_DOCUMENT_MAX_BYTES = 1024
    client.force_login(world.staff)
    data = form_data(draft, document=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert "documents can be at most 1.0\xa0KB" in response.content.decode()
    assert not draft.documents.exists()


def test_a_document_whose_name_is_too_long_for_the_file_system_is_stored_under_a_shorter_one(client, world, draft):
    name = "é" * 200 + ".pdf"  # 200 characters, but 404 bytes: more than a file name can have
    client.force_login(world.staff)
    data = form_data(draft, document=SimpleUploadedFile(name, PDF, "application/pdf"))
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 302
    document = draft.documents.get()
    assert document.original_name == name
    stored = Path(document.file.name).name
    assert stored.endswith(".pdf") and len(stored.encode()) <= 255
    download = client.get(document.get_absolute_url())
    assert b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''" + "%C3%A9" * 200 + ".pdf" in download["Content-Disposition"]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"start_date": "2025-05-02", "end_date": "2025-05-01"}, "end_date", "cannot end before it starts"),
        ({"start_date": "2031-01-01", "end_date": ""}, "start_date", "far outside the 2025 reporting cycle"),
        ({"start_date": "2025-13-45"}, "start_date", "Enter a valid date"),
        ({"achievements-0-level": "excellent"}, None, "Select a valid choice"),
        ({"achievements-0-figure": "lots"}, None, "Enter a number"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, world, draft, overrides, field, message):
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), form_data(draft, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    if field:
        assert field in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.version == 1 and draft.assessment == ""


@pytest.mark.parametrize(
    "overrides",
    [
        {"achievements-TOTAL_FORMS": 3},  # an empty form more than the report has outputs
        {"achievements-TOTAL_FORMS": 3, "achievements-2-level": "achieved", "achievements-2-evidence": "?"},
        {"achievements-INITIAL_FORMS": 1},  # the second output's form posted as a new row
        {"achievements-INITIAL_FORMS": 0},
    ],
)
def test_a_tampered_count_of_output_forms_is_a_form_error_and_nothing_is_saved(client, world, draft, overrides):
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), form_data(draft, **overrides))
    assert response.status_code == 200
    assert "not those of the report" in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1 and draft.assessment == "" and draft.achievements.count() == 2


def test_the_same_output_twice_on_the_form_is_refused_rather_than_one_overwriting_the_other(client, world, draft):
    client.force_login(world.staff)
    data = form_data(draft)
    data["achievements-1-id"] = data["achievements-0-id"]
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "not those of the report" in response.content.decode()
    assert set(draft.achievements.values_list("evidence", flat=True)) == {""}


@pytest.mark.parametrize("pk", [str(2**64), str(-(2**63) - 1), "1" * 5000])
def test_a_member_state_id_beyond_any_database_integer_is_an_invalid_choice(client, world, draft, pk):
    client.force_login(world.staff)
    data = form_data(draft, participating_member_states=[pk])
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "participating_member_states" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.version == 1


def test_second_person_saving_over_a_changed_report_gets_a_message_and_keeps_their_input(client, world, draft):
    client.force_login(world.staff)
    url = reverse("monitoring:edit_report", args=[draft.pk])
    stale = form_data(draft, assessment="Second person's text")
    client.post(url, form_data(draft, assessment="First person's text"))
    response = client.post(url, stale)
    content = response.content.decode()
    assert "Someone else saved this report after you opened it" in content
    assert "Second person&#x27;s text" in content
    draft.refresh_from_db()
    assert draft.assessment == "First person's text"
    # Saving again from the form is a deliberate overwrite and goes through.
    again = dict(stale, version=response.context["form"].data["version"])
    client.post(url, again)
    draft.refresh_from_db()
    assert draft.assessment == "Second person's text"


def test_save_and_submit_from_the_form(client, world, draft):
    client.force_login(world.staff)
    data = form_data(draft, submit="1")
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data, follow=True)
    assert b"Report submitted to the MTF co-chairs" in response.content
    draft.refresh_from_db()
    assert draft.state == ActivityReport.State.SUBMITTED


def test_submitting_an_incomplete_report_from_its_page_shows_each_missing_item_beside_its_field(client, world, draft):
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:submit_report", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("monitoring:edit_report", args=[draft.pk]) + "?check=submission"
    content = response.content.decode()
    assert "The report cannot be submitted yet" in content and 'class="error-summary"' in content
    missing = services.missing_fields_for_submission(draft)
    form = response.context["form"]
    assert set(form.errors) == set(missing) - {"achievements"}
    assert "Write the assessment." in form.errors["assessment"]
    unassessed = [f for f in response.context["formset"].forms if not f.instance.level]
    assert unassessed and all(f.errors["level"] == ["Assess the achievement before submitting."] for f in unassessed)
    assert '<a href="#id_assessment">' in content
    draft.refresh_from_db()
    assert draft.state == ActivityReport.State.DRAFT
    # Opened on its own, the form shows no error.
    assert not client.get(reverse("monitoring:edit_report", args=[draft.pk])).context["form"].errors


def test_submitting_from_the_form_puts_each_missing_item_beside_its_field(client, world, draft):
    client.force_login(world.staff)
    data = form_data(draft, submit="1", assessment="", implementation_status="not_started")
    response = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in content
    assert '<a href="#id_assessment">' in content and '<a href="#id_not_started_explanation">' in content
    assert 'id="id_assessment_error"' in content and 'aria-describedby="id_assessment_error"' in content
    assert "Explain why the activity has not started and what is planned" in content
    assert "(needed to submit)" in content
    draft.refresh_from_db()
    assert draft.state == ActivityReport.State.DRAFT
    assert f'name="version" value="{draft.version}"' in content  # saved: the form can be saved again


def test_report_page_shows_history_and_return_comment(client, world, draft):
    client.force_login(world.staff)
    client.post(reverse("monitoring:edit_report", args=[draft.pk]), form_data(draft))
    draft.refresh_from_db()
    services.submit_report(report=draft, user=world.staff)
    services.return_report(report=draft, user=world.cochair, comment="Please add numbers of participants.")
    content = client.get(draft.get_absolute_url()).content.decode()
    assert "Please add numbers of participants." in content
    assert "Returned by" in content
    assert "Venue: <del>(empty)</del> → <ins>Bali, Indonesia</ins>" in content
    assert "Achievement of output" in content


def grow(world, count):
    """`count` more activities led by SOMTC, each with three outputs."""
    for _ in range(count):
        activity = ActivityFactory(focus_area=world.activity.focus_area, lead_bodies=[world.somtc])
        OutputFactory.create_batch(3, activity=activity)


@pytest.mark.parametrize("extra", [0, 30])
def test_my_activities_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, extra):
    grow(world, extra)
    services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    client.force_login(world.staff)
    with django_assert_max_num_queries(15):  # the plan, 13, and the count of the paginated list
        response = client.get(reverse("monitoring:my_activities", args=["bali-work-plan"]))
    assert len(response.context["rows"]) == 1 + extra
    assert response.context["rows"][0].report is not None


@pytest.mark.parametrize("outputs", [2, 40])
def test_report_form_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, outputs):
    activity = ActivityFactory(lead_bodies=[world.somtc])
    OutputFactory.create_batch(outputs, activity=activity)
    report = services.start_report(activity=activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    client.force_login(world.staff)
    url = reverse("monitoring:edit_report", args=[report.pk])
    # 17, and three for the partners (the register, those ticked) and the Member States with their roles.
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert len(response.context["formset"].forms) == outputs


def test_dates_on_the_form_are_shown_back_in_iso_format(client, world, draft):
    ActivityReport.objects.filter(pk=draft.pk).update(start_date=datetime.date(2025, 4, 4))
    client.force_login(world.staff)
    content = client.get(reverse("monitoring:edit_report", args=[draft.pk])).content.decode()
    assert 'value="2025-04-04"' in content


def test_reports_download_per_cycle_with_achievements_and_no_formulas(client, world, draft):
    import csv
    import io

    import openpyxl

    client.force_login(world.staff)
    client.post(reverse("monitoring:edit_report", args=[draft.pk]), form_data(draft, assessment="=1+1 is not a formula here"))
    services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)
    response = client.get(reverse("monitoring:reports", args=["bali-work-plan"]), {"cycle": 2025, "download": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["Activity code"], r["Expected output"], r["Achievement"]) for r in rows] == [
        (world.activity.code, "Recommendations formulated", "Achieved"),
        (world.activity.code, "Regional messages adopted", "Achieved"),
    ]  # only SOMTC's report: staff download what they may see
    assert rows[0]["Assessment"] == "'=1+1 is not a formula here"
    client.force_login(world.cochair)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("monitoring:reports", args=["bali-work-plan"]), {"download": "xlsx"}).content))
    assert book.active.max_row == 1 + 2 + 1  # header, SOMTC's two outputs, AICHR's one
    assert client.get(reverse("monitoring:reports", args=["bali-work-plan"]), {"download": "pdf"}).status_code == 404


def test_a_control_character_pasted_into_a_report_does_not_break_its_spreadsheet(client, world, draft):
    import io

    import openpyxl

    ActivityReport.objects.filter(pk=draft.pk).update(assessment="Pasted\x0bfrom a word processor\x01")
    client.force_login(world.staff)
    response = client.get(reverse("monitoring:reports", args=[draft.cycle.plan.slug]), {"download": "xlsx"})
    assert response.status_code == 200
    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for cell in row]
    assert "Pastedfrom a word processor" in cells


def test_history_names_member_states_and_cuts_output_names_between_words(client, world, draft):

    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    output = draft.achievements.first().output
    output.text = "Recommendations formulated by the Dialogue on the prevention of radicalisation among young people online"
    output.save()
    client.force_login(world.staff)
    data = form_data(draft, participating_member_states=[indonesia.pk])
    data["achievements-0-level"] = "partly"
    client.post(reverse("monitoring:edit_report", args=[draft.pk]), data)
    content = client.get(draft.get_absolute_url()).content.decode()
    assert "<ins>Indonesia (attended)</ins>" in content
    assert f"<ins>{indonesia.pk}</ins>" not in content
    assert "“Recommendations formulated by the Dialogue on the prevention of radicalisation among young…”" in content


def test_the_return_button_is_styled_as_a_button(client, world, draft):
    services.submit_report(report=complete(draft), user=world.staff)
    client.force_login(world.cochair)
    content = client.get(draft.get_absolute_url()).content.decode()
    assert 'class="button" formaction="' in content and "Return with comment</button>" in content


def test_my_activities_brings_reports_returned_to_the_body_to_the_top(client, world):
    from monitoring.selectors import activities_of

    for _ in range(3):
        ActivityFactory(lead_bodies=[world.somtc])
    last = list(activities_of([world.somtc], world.activity.plan))[-1]
    report = services.start_report(activity=last, cycle=world.cycle, body=world.somtc, user=world.staff)
    services.submit_report(report=complete(report), user=world.staff)
    services.return_report(report=report, user=world.cochair, comment="Add the participants.")
    client.force_login(world.staff)
    response = client.get(reverse("monitoring:my_activities", args=[last.plan.slug]))
    rows = response.context["rows"]
    assert rows[0].activity == last and rows[0].report.state == ActivityReport.State.RETURNED
    assert [row.activity for row in rows[1:]] == [a for a in activities_of([world.somtc], last.plan) if a != last]


def test_the_review_queue_offers_no_filter_that_could_only_empty_it(client, world, draft):
    client.force_login(world.cochair)
    response = client.get(reverse("monitoring:review", args=[world.activity.plan.slug]))
    assert "state" not in response.context["filter"].form.fields
    assert 'name="state"' not in response.content.decode()


def test_returning_without_a_comment_says_so_beside_the_comment_box(client, world, draft):
    services.submit_report(report=complete(draft), user=world.staff)
    client.force_login(world.cochair)
    response = client.post(reverse("monitoring:return_report", args=[draft.pk]), {"comment": "  "})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_comment">' in content and 'id="id_comment_error"' in content
    assert 'aria-describedby="id_comment_error"' in content and "needs a comment" in content
    draft.refresh_from_db()
    assert draft.state == ActivityReport.State.SUBMITTED


def test_the_error_summary_names_an_output_only_for_the_outputs_fields(client, world, draft):
    client.force_login(world.staff)
    data = form_data(draft, submit="1", assessment="")
    data["achievements-1-level"] = ""
    content = client.post(reverse("monitoring:edit_report", args=[draft.pk]), data).content.decode()
    assert '<a href="#id_assessment">Assessment: Write the assessment.</a>' in content
    assert '<a href="#id_achievements-1-level">Output 2, Achievement: Assess the achievement before submitting.</a>' in content
