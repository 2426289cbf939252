import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from demo.synthetic import generate


@pytest.fixture
def reported_plan(real_plan):
    """The real plan and its seven cycles, reported on as at scale 1 by the synthetic data generator."""
    call_command("load_cycles", verbosity=0)
    generate(scale=1, seed=7)


@pytest.fixture
def cochair_client(client, reported_plan):
    client.force_login(User.objects.get(username="mtf-cochair-1"))
    return client


@pytest.fixture
def annual_workbook(cochair_client, django_capture_on_commit_callbacks):
    """The annual report's workbook as a co-chair gets it: asked for from the page, built (here, at once,
    as without a worker), downloaded. `annual_workbook(cycle=2024, priority_area="3")` → its bytes."""
    from django.urls import reverse

    def download(*, cycle, priority_area="", body="", plan="bali-work-plan"):
        with django_capture_on_commit_callbacks(execute=True):
            response = cochair_client.post(reverse("builds:request", args=[plan]), {
                "kind": "annual-report-xlsx", "cycle": cycle, "priority_area": priority_area, "body": body})
        build = cochair_client.get(response["Location"])
        assert "Ready since" in build.content.decode()
        file = cochair_client.get(response["Location"] + "download/")
        assert file["Content-Type"].startswith("application/vnd.openxmlformats")
        return b"".join(file.streaming_content)

    return download
