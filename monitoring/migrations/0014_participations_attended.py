"""Data only: every Member State ticked on a report before roles existed becomes a participation as
"attended" (the plain list said no more than that the state took part), and so does every version of
that list in the reports' history, so that the history pages still show what changed and when."""

from django.db import migrations

ATTENDED = "attended"


def copy_participations(apps, schema_editor):
    ActivityReport = apps.get_model("monitoring", "ActivityReport")
    Participation = apps.get_model("monitoring", "Participation")
    HistoricalParticipation = apps.get_model("monitoring", "HistoricalParticipation")
    OldHistorical = apps.get_model("monitoring", "HistoricalActivityReport_participating_member_states")
    Bare = ActivityReport.participating_member_states.through
    Participation.objects.bulk_create(
        (Participation(activityreport_id=report, memberstate_id=state, role=ATTENDED)
         for report, state in Bare.objects.values_list("activityreport_id", "memberstate_id").iterator()),
        batch_size=1000,
    )
    ids = {(row.activityreport_id, row.memberstate_id): row.pk for row in Participation.objects.all().iterator()}
    HistoricalParticipation.objects.bulk_create(
        (HistoricalParticipation(
            history_id=row.history_id, activityreport_id=row.activityreport_id, memberstate_id=row.memberstate_id,
            role=ATTENDED, id=ids.get((row.activityreport_id, row.memberstate_id), row.id))
         for row in OldHistorical.objects.order_by("m2m_history_id").iterator()),
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    """Back to the plain list: the states stay, their roles are lost (the old schema has no place for them)."""
    ActivityReport = apps.get_model("monitoring", "ActivityReport")
    Participation = apps.get_model("monitoring", "Participation")
    HistoricalParticipation = apps.get_model("monitoring", "HistoricalParticipation")
    OldHistorical = apps.get_model("monitoring", "HistoricalActivityReport_participating_member_states")
    Bare = ActivityReport.participating_member_states.through
    Bare.objects.bulk_create(
        (Bare(activityreport_id=report, memberstate_id=state)
         for report, state in Participation.objects.values_list("activityreport_id", "memberstate_id").iterator()),
        batch_size=1000, ignore_conflicts=True,
    )
    OldHistorical.objects.bulk_create(
        (OldHistorical(history_id=row.history_id, activityreport_id=row.activityreport_id,
                       memberstate_id=row.memberstate_id, id=row.id)
         for row in HistoricalParticipation.objects.order_by("m2m_history_id").iterator()),
        batch_size=1000,
    )
    Participation.objects.all().delete()
    HistoricalParticipation.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0013_participation_roles")]

    operations = [migrations.RunPython(copy_participations, copy_back)]
