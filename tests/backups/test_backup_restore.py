"""A backup holds everything: restored into an emptied database and media folder, every report,
achievement, step, history record and document is back, the documents byte for byte."""

import datetime
import io
import json
import shutil
import tarfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from bodies.models import MemberState
from monitoring import services
from monitoring.models import ActivityReport, OutputAchievement, ReportDocument, ReportTransition
from tests.factories import MemberStateFactory
from tests.monitoring.conftest import complete, draft, world  # noqa: F401  (fixtures: the monitoring world)

# Real transactions: on PostgreSQL a flush (TRUNCATE) is refused inside the transaction that wrote
# the rows, which is where an ordinary test would run it.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BINARY_PDF = PDF + bytes(range(256)) * 40  # every byte value, to catch any text-mode mangling


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # flush gives the content types new ids inside the test's transaction, which is then rolled back.
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def reported(world, draft, settings, tmp_path):
    """Two reports: one accepted after a return, with documents; one draft with Member States."""
    settings.MEDIA_ROOT = tmp_path / "media"
    complete(draft)
    draft.achievements.filter(output__position=1).update(figure=Decimal("85.50"), evidence="Chair's summary, 85 participants")
    services.add_document(report=draft, user=world.staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
                          description="Summary record")
    services.add_document(report=draft, user=world.staff, uploaded=SimpleUploadedFile("annex.pdf", BINARY_PDF, "application/pdf"))
    services.submit_report(report=draft, user=world.staff)
    services.return_report(report=draft, user=world.cochair, comment="Give the number of participants.")
    services.submit_report(report=draft, user=world.staff)
    services.accept_report(report=draft, user=world.cochair, comment="Thank you.")
    other = services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)
    services.update_report(
        report=other, user=world.other_staff, expected_version=other.version,
        fields={"venue": "Jakarta", "start_date": datetime.date(2025, 5, 2), "implementation_status": "ongoing"},
        member_states=[MemberStateFactory(name="Indonesia", code="IDN"), MemberStateFactory(name="Viet Nam", code="VNM")],
        achievements={a.pk: {"level": "partly", "evidence": "Draft paper"} for a in other.achievements.all()},
    )
    return draft


def snapshot():
    """Everything the reports hold, as plain values independent of database ids."""
    def key(report):
        return (report.activity.code, report.implementing_body.abbreviation, report.cycle.year)

    reports = {
        key(r): (r.state, r.implementation_status, r.start_date, r.end_date, r.venue, r.assessment, r.recommendations,
                 r.version, r.created_by.username, r.created_at, r.submitted_at,
                 sorted(m.name for m in r.participating_member_states.all()))
        for r in ActivityReport.objects.select_related("activity", "implementing_body", "cycle", "created_by")
    }
    achievements = sorted(
        (key(a.report), a.output.text, a.level, a.evidence, a.figure) for a in OutputAchievement.objects.all()
    )
    transitions = sorted(
        (key(t.report), t.from_state, t.to_state, t.by.username, t.at, t.comment) for t in ReportTransition.objects.all()
    )
    history = sorted(
        (h.activity.code, h.history_type, h.state, h.version, h.venue, getattr(h.history_user, "username", None), h.history_date)
        for h in ActivityReport.history.select_related("activity", "history_user")
    )
    achievement_history = sorted(
        (h.output.text, h.history_type, h.level, h.evidence, h.figure, h.history_date)
        for h in OutputAchievement.history.select_related("output")
    )
    documents = sorted(
        (key(d.report), d.original_name, d.description, d.size, d.uploaded_by.username, d.uploaded_at, d.file.name,
         d.file.open("rb").read())
        for d in ReportDocument.objects.all()
    )
    users = sorted(
        (u.username, u.password, sorted(g.name for g in u.groups.all()), sorted(m.body.abbreviation for m in u.memberships.all()),
         sorted(p.codename for g in u.groups.all() for p in g.permissions.all()))
        for u in User.objects.all()
    )
    audit = sorted((e.action, e.username, e.object_label, e.detail, e.at) for e in AuditEvent.objects.all())
    return dict(reports=reports, achievements=achievements, transitions=transitions, history=history,
                achievement_history=achievement_history, documents=documents, users=users, audit=audit)


def test_backup_then_restore_into_an_emptied_database_gives_everything_back(client, reported, settings, tmp_path):
    before = snapshot()
    assert len(before["reports"]) == 2 and len(before["transitions"]) == 4 and len(before["documents"]) == 2
    assert len(before["history"]) >= 6 and before["audit"]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["monitoring.activityreport"] == 2
    assert manifest["counts"]["monitoring.reportdocument"] == 2
    assert len([name for name in manifest["files"] if name.startswith("media/reports/")]) == 2
    assert not any(model.startswith(("contenttypes.", "sessions.", "axes.")) for model in manifest["counts"])

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not ActivityReport.objects.exists() and not User.objects.exists()
    settings.MEDIA_ROOT = tmp_path / "restored-media"  # a new machine's empty media folder

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue() and "2 files" in out.getvalue()
    after = snapshot()
    for name in before:
        assert after[name] == before[name], name
    # The restored documents are served again, to those who may see them.
    client.force_login(User.objects.get(username="somtc"))
    document = ReportDocument.objects.get(original_name="annex.pdf")
    download = client.get(reverse("monitoring:document", args=[document.pk]))
    assert b"".join(download.streaming_content) == BINARY_PDF


def test_restore_refuses_a_database_that_holds_data_unless_flushed(reported, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()
    with pytest.raises(CommandError, match="already holds .*2 reports"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    # With --flush the database is replaced by the backup: a report written since is gone.
    ActivityReport.objects.filter(venue="Jakarta").update(venue="Changed after the backup")
    MemberState.objects.create(name="Timor-Leste", code="TLS", joined_on=datetime.date(2025, 10, 26))
    call_command("restore", str(archive), "--flush", stdout=io.StringIO())
    assert snapshot() == before
    assert not MemberState.objects.filter(code="TLS").exists()


def damaged_copy(archive, tmp_path, member, change):
    """The archive with one member's bytes changed, its manifest left as it was."""
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == member:
                content = change(content)
                info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return damaged


def test_a_damaged_archive_restores_nothing(reported, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    document = ReportDocument.objects.get(original_name="annex.pdf").file.name
    damaged = damaged_copy(archive, tmp_path, f"media/{document}", lambda content: content[:-1] + b"X")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert not User.objects.exists() and not ActivityReport.objects.exists()
    assert not (tmp_path / "restored-media").exists()

    edited = damaged_copy(archive, tmp_path, "data.json", lambda content: content.replace(b"Jakarta", b"Bangkok"))
    with pytest.raises(CommandError, match="data.json does not match its checksum"):
        call_command("restore", str(edited), stdout=io.StringIO())
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_an_archive), stdout=io.StringIO())
    assert not User.objects.exists()


def test_restore_refuses_to_overwrite_other_files_in_media(reported, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    name = ReportDocument.objects.get(original_name="minutes.pdf").file.name
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    (settings.MEDIA_ROOT / name).write_bytes(b"%PDF-1.4 another document")
    with pytest.raises(CommandError, match="already holds other files under the same names"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.fixture(scope="module")
def s3():
    """A real S3-compatible server (moto in server mode) on 127.0.0.1, with two empty buckets."""
    import boto3

    from tests.servers import s3_server, stop

    process, url = s3_server("documents")
    boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket="new-site")
    yield url
    stop(process)


def bucket(url, name):
    options = {"bucket_name": name, "endpoint_url": url, "region_name": "us-east-1", "access_key": "test",
               "secret_key": "test", "default_acl": None, "file_overwrite": False}
    return {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def test_documents_in_a_bucket_are_backed_up_and_restored_into_another_bucket(client, world, draft, s3, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = bucket(s3, "documents")
    uploaded = services.add_document(report=draft, user=world.staff,
                                     uploaded=SimpleUploadedFile("annex.pdf", BINARY_PDF), description="Annex")
    assert not (tmp_path / "media").exists(), "the document went to the bucket, not to the disk"
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        assert tar.extractfile(f"media/{uploaded.file.name}").read() == BINARY_PDF

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    settings.STORAGES = bucket(s3, "new-site")  # a new site's empty bucket
    call_command("restore", str(archive), stdout=io.StringIO())
    document = ReportDocument.objects.get(original_name="annex.pdf")
    from django.core.files.storage import default_storage

    assert default_storage.exists(document.file.name) and "new-site" in default_storage.url(document.file.name)
    client.force_login(User.objects.get(username=world.staff.username))
    download = client.get(reverse("monitoring:document", args=[document.pk]))
    assert b"".join(download.streaming_content) == BINARY_PDF
