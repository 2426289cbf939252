"""Nothing unpublished leaves through a public door: a marker planted in a draft, a submitted report, a
restricted and a confidential answer, a restricted and a confidential document is found on no public
page, in no open-data file and in no anonymous answer of the API; the published text is found there."""

import pytest
from django.urls import reverse

from monitoring.models import ReportDocument
from national.models import NationalReportDocument
from tests.public.conftest import LEAK, SHOWN

pytestmark = pytest.mark.django_db

API_LISTS = ["plans", "areas", "provisions", "activities", "outputs", "indicators", "bodies", "member-states", "cycles",
             "reports", "national-reports"]


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_urls(world):
    work, action = world.plan.slug, world.cycle.plan.slug
    urls = [reverse("published:plan", args=[work]), reverse("published:plan", args=[action]),
            reverse("published:body", args=[work, world.body.abbreviation]),
            reverse("published:area", args=[work, world.activity.focus_area.action_line.priority_area.number])]
    urls += [reverse("published:activity", args=[work, code]) for code in world.plan.activities.values_list("code", flat=True)]
    urls += [reverse("published:open_data", args=[slug, dataset, extension])
             for slug in (work, action) for dataset in ("matrix", "results") for extension in ("csv", "json")]
    urls += [reverse("workplan:plan", args=[work]), reverse("workplan:plan", args=[action])]
    return urls


def api_urls(world):
    urls = [reverse("api:root"), reverse("api:openapi")] + [reverse(f"api:{name}-list") for name in API_LISTS]
    urls += [reverse("api:reports-detail", args=[pk]) for pk in world.plan.cycles.get().reports.values_list("pk", flat=True)]
    urls += [reverse("api:national-reports-detail", args=[report.pk]) for report in (world.indonesia_report, world.malaysia_report)]
    return urls


def test_no_marker_on_any_public_page_open_data_file_or_anonymous_api_answer(client, published):
    seen = []
    for url in public_urls(published) + api_urls(published):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        content = body_of(response).decode()
        assert LEAK not in content, url
        seen.append((url, content))
    everything = "\n".join(content for url, content in seen)
    # The positive control: what was published is there, in the pages, the files and the API alike.
    assert SHOWN in dict(seen)[reverse("published:activity", args=[published.plan.slug, published.activity.code])]
    assert SHOWN in dict(seen)[reverse("published:open_data", args=[published.plan.slug, "results", "json"])]
    assert SHOWN in dict(seen)[reverse("published:open_data", args=[published.cycle.plan.slug, "results", "csv"])]
    assert SHOWN in dict(seen)[reverse("api:reports-list")]
    assert SHOWN in dict(seen)[reverse("api:national-reports-list")]
    # The state that published nothing is not even named as having reported.
    assert "Malaysia" not in dict(seen)[reverse("published:plan", args=[published.cycle.plan.slug])]
    assert '"MYS"' not in dict(seen)[reverse("api:national-reports-list")]
    assert "shown-minutes.pdf" in everything


def test_only_public_documents_of_published_reports_download(client, published):
    for document in ReportDocument.objects.all():
        response = client.get(reverse("published:document", args=[document.pk]))
        if document.pk == published.public_document.pk:
            assert response.status_code == 200
            assert body_of(response).startswith(b"%PDF")
        else:
            assert response.status_code == 404, document.original_name  # restricted, confidential, or a draft's
    for document in NationalReportDocument.objects.all():
        assert client.get(reverse("published:national_document", args=[document.pk])).status_code == 404


def test_a_reopened_report_leaves_the_public_pages(client, published):
    from reporting.services import reopen

    reopen(report=published.accepted, user=published.cochair, reason="Figures to correct")
    page = client.get(reverse("published:activity", args=[published.plan.slug, published.activity.code])).content.decode()
    assert SHOWN not in page
    assert client.get(reverse("published:document", args=[published.public_document.pk])).status_code == 404
