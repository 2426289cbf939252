"""Fuzzing the report form, the submit step and the document upload through the real views.

Whatever is posted, the answer is the form again with its errors (200) or a redirect after a save
(302), never a server error; a refused post leaves the report exactly as it was, and an accepted one
saves exactly what the form cleaned.
"""

import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given, strategies as st

from monitoring import services
from monitoring.forms import ActivityReportForm, OutputAchievementFormSet
from monitoring.models import ActivityReport, OutputAchievement, ReportDocument, ReportTransition
from tests.fuzz.examples import rolled_back
from tests.fuzz.strategies import any_character, huge_numbers, odd_dates, odd_ids, odd_numbers, odd_text
from tests.monitoring.test_views import PDF, form_data

# Room for Hypothesis to shrink a failure to its simplest input (up to five minutes) before the timeout.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]

TEXT_FIELDS = ["venue", "partners", "dialogue_partner_support", "assessment", "recommendations", "challenges"]


def snapshot(pk):
    """Everything a save could change about a report, as plain values."""
    report = ActivityReport.objects.get(pk=pk)
    return {
        "fields": {field.attname: getattr(report, field.attname) for field in ActivityReport._meta.concrete_fields},
        "member_states": sorted(report.participating_member_states.values_list("pk", flat=True)),
        "achievements": list(
            OutputAchievement.objects.filter(report=report).order_by("pk").values_list(
                "pk", "output_id", "level", "evidence", "figure"
            )
        ),
        "documents": list(ReportDocument.objects.filter(report=report).order_by("pk").values_list("pk", "file", "original_name")),
        "transitions": ReportTransition.objects.filter(report=report).count(),
        "history": (report.history.count(), OutputAchievement.history.filter(report_id=pk).count()),
    }


@pytest.fixture
def other_report(world):
    """A report of another body, whose achievement ids a tampered form might point at."""
    return services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)


def choice_or_junk(choices):
    return st.one_of(st.sampled_from(choices), odd_text)


def field_strategies(report, member_states, other_report):
    """For each key of the report form's POST, what may arrive in it instead of a sensible value."""
    own_ids = [str(pk) for pk in report.achievements.values_list("pk", flat=True)]
    foreign_ids = [str(pk) for pk in other_report.achievements.values_list("pk", flat=True)]
    in_cycle = st.dates(datetime.date(2024, 7, 1), datetime.date(2026, 6, 30)).map(lambda d: d.isoformat())
    count = st.one_of(st.sampled_from(["0", "1", "2", "3", "5"]), st.integers(-3, 1100).map(str), odd_ids)
    strategies = {
        "version": st.one_of(st.sampled_from([str(report.version - 1), str(report.version + 1)]), huge_numbers, odd_text),
        "implementation_status": choice_or_junk([c for c, _ in ActivityReport.Status.choices]),
        "modality": choice_or_junk([""] + [c for c, _ in ActivityReport.Modality.choices]),
        "start_date": st.one_of(in_cycle, odd_dates),
        "end_date": st.one_of(in_cycle, odd_dates),
        "participating_member_states": st.lists(
            st.one_of(st.sampled_from([str(state.pk) for state in member_states]), odd_ids), min_size=1, max_size=5
        ),
        "document_description": odd_text,
        "achievements-TOTAL_FORMS": count,
        "achievements-INITIAL_FORMS": count,
        "achievements-MIN_NUM_FORMS": count,
        "achievements-MAX_NUM_FORMS": count,
    }
    for name in TEXT_FIELDS:
        strategies[name] = st.one_of(st.text(max_size=30), odd_text)
    for index in range(3):
        strategies[f"achievements-{index}-id"] = st.one_of(st.sampled_from(own_ids + foreign_ids), odd_ids)
        strategies[f"achievements-{index}-level"] = choice_or_junk([""] + [c for c, _ in OutputAchievement.Level.choices])
        strategies[f"achievements-{index}-evidence"] = st.one_of(st.text(max_size=30), odd_text)
        strategies[f"achievements-{index}-figure"] = st.one_of(
            st.decimals(min_value=-(10**9), max_value=10**9, places=2).map(str), odd_numbers
        )
    return strategies


def draw_post(data, report, member_states, other_report):
    """A valid POST of the report form with a few of its keys changed, dropped or added.

    Only a few at a time: with every key wrong at once, the first error would hide what the others do.
    """
    post = {key: value if isinstance(value, list) else str(value) for key, value in form_data(report).items()}
    post["participating_member_states"] = [str(member_states[0].pk)]
    strategies = field_strategies(report, member_states, other_report)
    for key in data.draw(st.lists(st.sampled_from(sorted(strategies)), max_size=4, unique=True), label="keys"):
        if data.draw(st.booleans(), label=f"drop {key}"):
            post.pop(key, None)
        else:
            post[key] = data.draw(strategies[key], label=key)
    # The shape of the formset is where a tampered page does most harm, so it is reshaped often.
    shape = data.draw(st.sampled_from(["as sent", "counts", "ids"]), label="formset shape")
    if shape == "counts":
        for key in ("achievements-TOTAL_FORMS", "achievements-INITIAL_FORMS"):
            post[key] = str(data.draw(st.integers(0, 4), label=key))
    elif shape == "ids":
        ids = [str(pk) for pk in [*report.achievements.values_list("pk", flat=True), *other_report.achievements.values_list("pk", flat=True)]]
        for index in (0, 1):
            post[f"achievements-{index}-id"] = data.draw(st.sampled_from(ids), label=f"achievements-{index}-id")
    post.update(data.draw(st.dictionaries(st.text(any_character, max_size=20), odd_text, max_size=2), label="extra keys"))
    for button in ("submit", "stay"):
        if data.draw(st.booleans(), label=button):
            post[button] = "1"
    return post


def cleaned(post, report):
    """What Django's form and formset make of the POST, against the report as it was before it."""
    instance = ActivityReport.objects.get(pk=report.pk)
    form = ActivityReportForm(post_querydict(post), instance=instance)
    formset = OutputAchievementFormSet(
        post_querydict(post), instance=instance, queryset=instance.achievements.select_related("output")
    )
    valid = form.is_valid() & formset.is_valid()  # both, so that both have cleaned_data
    return valid, form, formset


def post_querydict(post):
    from django.http import QueryDict

    querydict = QueryDict(mutable=True)
    for key, value in post.items():
        if isinstance(value, list):
            querydict.setlist(key, value)
        else:
            querydict[key] = value
    return querydict


def assert_saved_as_cleaned(report, before, form, formset, post):
    report.refresh_from_db()
    for name, value in form.report_fields().items():
        assert getattr(report, name) == value, name
    for name in TEXT_FIELDS:
        if name in post:
            assert getattr(report, name) == post[name].strip(), f"{name} not saved as typed"
    assert set(report.participating_member_states.all()) == set(form.cleaned_data["participating_member_states"])
    edited = {}
    for achievement_form in formset.forms:
        edited[achievement_form.instance.pk] = achievement_form.achievement_fields()
    for pk, output_id, level, evidence, figure in before["achievements"]:
        row = OutputAchievement.objects.get(pk=pk)
        expected = edited.get(pk, {"level": level, "evidence": evidence, "figure": figure})
        assert (row.level, row.evidence, row.figure) == (expected["level"], expected["evidence"], expected["figure"])
    assert OutputAchievement.objects.filter(report=report).count() == len(before["achievements"])


@given(data=st.data())
def test_any_post_to_the_report_form_is_refused_cleanly_or_saved_exactly(client, world, draft, member_states, other_report, data):
    url = reverse("monitoring:edit_report", args=[draft.pk])
    with rolled_back():
        client.force_login(world.staff)
        draft.refresh_from_db()
        post = draw_post(data, draft, member_states, other_report)
        before = snapshot(draft.pk)
        valid, form, formset = cleaned(post, draft)
        response = client.post(url, post)
        assert response.status_code in (200, 302)
        if response.status_code == 200 and response.context["error_title"]:
            # Saved, not submitted: the form again with what submission still needs beside each field.
            assert valid and "submit" in post, (form.errors, formset.errors)
            assert response.context["form"].errors or response.context["formset"].total_error_count()
            assert_saved_as_cleaned(draft, before, form, formset, post)
            assert ActivityReport.objects.get(pk=draft.pk).state == draft.state
        elif response.status_code == 200:
            assert snapshot(draft.pk) == before
            assert response.context["form"].errors or response.context["formset"].total_error_count() or not valid
        else:
            assert response["Location"] in (
                draft.get_absolute_url(), reverse("monitoring:edit_report", args=[draft.pk])
            ), response["Location"]
            assert valid, (form.errors, formset.errors, formset.non_form_errors())
            assert_saved_as_cleaned(draft, before, form, formset, post)


no_nul_text = st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=30)


@given(data=st.data())
def test_submitting_any_report_either_moves_it_or_leaves_it_untouched(client, world, draft, data):
    url = reverse("monitoring:submit_report", args=[draft.pk])
    with rolled_back():
        client.force_login(world.staff)
        ActivityReport.objects.filter(pk=draft.pk).update(
            state=data.draw(st.sampled_from(ActivityReport.State.values)),
            implementation_status=data.draw(st.sampled_from(ActivityReport.Status.values)),
            start_date=data.draw(st.none() | st.dates(datetime.date(2024, 7, 1), datetime.date(2025, 12, 31))),
            assessment=data.draw(st.one_of(no_nul_text, st.sampled_from([" ", "\n\t", "\u3000"]))),
            recommendations=data.draw(no_nul_text),
        )
        for achievement in draft.achievements.all():
            OutputAchievement.objects.filter(pk=achievement.pk).update(
                level=data.draw(st.sampled_from([""] + OutputAchievement.Level.values))
            )
        draft.refresh_from_db()
        missing = services.missing_for_submission(draft)
        before = snapshot(draft.pk)
        extra = data.draw(st.dictionaries(st.text(any_character, max_size=20), odd_text, max_size=3))
        response = client.post(url, extra)
        after = ActivityReport.objects.get(pk=draft.pk)
        if draft.state not in (ActivityReport.State.DRAFT, ActivityReport.State.RETURNED):
            assert response.status_code == 403
        else:
            assert response.status_code == 302
        if draft.state in (ActivityReport.State.DRAFT, ActivityReport.State.RETURNED) and not missing:
            assert after.state == ActivityReport.State.SUBMITTED
            assert after.version == draft.version + 1
            assert ReportTransition.objects.filter(report=draft).count() == before["transitions"] + 1
        else:
            assert snapshot(draft.pk) == before


FILENAMES = [
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd.pdf", "../../../media/x.pdf", "..", ".", ".pdf",
    "minutes.pdf\x00.exe", "a\x00b.pdf", "C:minutes.pdf", "con.pdf", "minutes.PDF", "minutes.pdf.", "minutes .pdf",
    "\u202efdp.exe", "شارك.pdf", "👩‍👩‍👧.pdf", "x" * 300 + ".pdf", "é" * 200 + ".pdf", "😀" * 100 + ".pdf",
    "a/" * 100 + "b.pdf", "%2e%2e%2fpasswd.pdf", "&#46;&#46;&#47;x.pdf", "\r\nContent-Type: text/html\r\n.pdf",
    'say "hello".pdf', "tab\there.pdf", " ", "",
]
SIGNATURES = {
    ".pdf": b"%PDF-", ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx": b"PK\x03\x04", ".png": b"\x89PNG\r\n\x1a\n",
    ".jpeg": b"\xff\xd8\xff", ".gif": b"GIF89a", ".webp": b"RIFF", ".PDF": b"%PDF-", ".exe": b"MZ", "": b"",
}
STEMS = ["minutes", "x" * 300, "é" * 200, "中" * 90, "😀" * 70, "../../etc/passwd", "..", "a\x00b", "\u202efdp", " ", ""]


@st.composite
def documents(draw):
    """A file name and content that mostly agree (so that some get saved), sometimes not at all."""
    extension = draw(st.sampled_from(sorted(SIGNATURES)))
    stem = draw(st.one_of(st.sampled_from(STEMS), odd_text, st.text(any_character, max_size=30)))
    name = draw(st.one_of(st.just(stem + extension), st.sampled_from(FILENAMES)))
    signature = SIGNATURES[extension] if draw(st.integers(0, 3)) else draw(st.sampled_from(sorted(SIGNATURES.values())))
    content = draw(st.one_of(st.binary(max_size=200).map(lambda tail: signature + tail), st.binary(max_size=200)))
    return name, content


def multipart(fields, file_field, filename, content, boundary="fuzzboundary7MA4YWxkTrZu0gW"):
    """A multipart body with the file name as given, even one a browser would never send.

    The test client would take the file name's basename itself; the point here is what the server
    makes of ../ and the like. A name with quotes, line breaks or NUL goes in RFC 2231 form, which can carry any character.
    """
    lines = []
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            lines += [f"--{boundary}".encode(), f'Content-Disposition: form-data; name="{key}"'.encode(), b"", str(value).encode()]
    if any(char in filename for char in '"\\\r\n\x00%'):
        disposition = f"form-data; name=\"{file_field}\"; filename*=UTF-8''{quote(filename, safe='')}"
    else:
        disposition = f'form-data; name="{file_field}"; filename="{filename}"'
    lines += [f"--{boundary}".encode(), f"Content-Disposition: {disposition}".encode(),
              b"Content-Type: application/octet-stream", b"", content]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


@given(document=documents(), description=st.one_of(st.just(""), odd_text))
def test_any_uploaded_document_is_refused_cleanly_or_stored_inside_media_root(client, world, draft, settings, document, description):
    filename, content = document
    url = reverse("monitoring:edit_report", args=[draft.pk])
    media_root = Path(settings.MEDIA_ROOT).resolve()
    with rolled_back():
        client.force_login(world.staff)
        draft.refresh_from_db()
        before = snapshot(draft.pk)
        fields = {key: value if isinstance(value, list) else str(value) for key, value in form_data(draft).items()}
        fields["document_description"] = description
        body, content_type = multipart(fields, "document", filename, content)
        response = client.post(url, body, content_type=content_type)
        # 400: Django's own refusal of a part header over 1 KB, which a very long file name makes.
        assert response.status_code in (200, 302, 400)
        if response.status_code in (200, 400):
            assert snapshot(draft.pk) == before
            return
        for document in ReportDocument.objects.filter(report=draft):
            stored = Path(document.file.path).resolve()
            assert stored.is_relative_to(media_root / "reports"), stored
            assert stored.read_bytes() == content
            assert document.size == len(content)
            assert document.original_name and "/" not in document.original_name and "\x00" not in document.original_name
