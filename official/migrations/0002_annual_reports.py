"""The annual reports written and signed before the official documents engine: each cycle's co-chairs'
text becomes an annual-report Document, each signed or awaiting version a Version with its signatures,
its snapshot turned into the engine's (the figures under "compiled", the signatories frozen as they are
named today, the nearest record there is) and its files kept. Nothing is deleted here: annualreports
drops its two tables in its own next migration, once this copy has run."""

import hashlib
import json

from django.db import migrations

SECTIONS = [["executive_summary", "Executive summary"], ["challenges", "Challenges"],
            ["recommendations", "Recommendations to SOMTC and the AMMTC"]]


def _digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def _name(user):
    return f"{user.first_name} {user.last_name}".strip() or user.username


def copy_annual_reports(apps, schema_editor):
    Text = apps.get_model("annualreports", "AnnualReportText")
    OldVersion = apps.get_model("annualreports", "AnnualReportVersion")
    Document = apps.get_model("official", "Document")
    Version = apps.get_model("official", "Version")
    Signature = apps.get_model("official", "Signature")

    documents = {}

    def document_of(cycle):
        if cycle.pk not in documents:
            documents[cycle.pk], _ = Document.objects.get_or_create(
                kind="annual-report", plan_id=cycle.plan_id, year=cycle.year, review=None,
                defaults={"text": {name: "" for name, _label in SECTIONS}})
        return documents[cycle.pk]

    for text in Text.objects.select_related("cycle"):
        document = document_of(text.cycle)
        document.text = {"executive_summary": text.executive_summary, "challenges": text.challenges,
                         "recommendations": text.recommendations}
        document.updated_by_id = text.updated_by_id
        document.save()
        Document.objects.filter(pk=document.pk).update(updated_at=text.updated_at)

    for old in OldVersion.objects.select_related("cycle__plan", "first_signed_by", "second_signed_by").order_by("pk"):
        cycle, plan = old.cycle, old.cycle.plan
        compiled = {key: value for key, value in old.snapshot.items() if key not in ("text", "drawn_at")}
        snapshot = {
            "kind": "annual-report", "title": f"{plan.short_name} status and implementation report {cycle.year}",
            "number": old.number, "reason": old.reason,
            "plan": {"title": plan.title, "short_name": plan.short_name, "slug": plan.slug},
            "year": cycle.year, "review": None, "file_base": f"{plan.slug}-annual-report-{cycle.year}",
            "sections": SECTIONS, "text": old.snapshot.get("text") or {name: "" for name, _label in SECTIONS},
            "compiled": compiled,
        }
        digest = _digest(snapshot)
        signed = [(old.first_signed_by, old.first_signed_at)]
        if old.second_signed_by_id:
            signed.append((old.second_signed_by, old.second_signed_at))
        snapshot["signatories"] = [{"name": _name(user), "role": "MTF co-chair", "signed_at": at.isoformat()}
                                   for user, at in signed]
        version = Version.objects.create(
            document=document_of(cycle), number=old.number, state=old.state, reason=old.reason,
            snapshot=snapshot, digest=digest, pdf=old.pdf.name, docx=old.docx.name)
        Version.objects.filter(pk=version.pk).update(created_at=old.first_signed_at)
        for user, at in signed:
            Signature.objects.create(version=version, user_id=user.pk, name=_name(user), role="MTF co-chair", signed_at=at)


class Migration(migrations.Migration):

    dependencies = [
        ("official", "0001_initial"),
        ("annualreports", "0002_cycle_in_reporting"),
    ]

    operations = [migrations.RunPython(copy_annual_reports, migrations.RunPython.noop)]
