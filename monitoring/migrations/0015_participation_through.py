"""The reports' Member States now go through Participation (0013), whose rows 0014 copied: the plain
table and its history table go. Django cannot turn a plain many-to-many field into one through a model
in place, so the field is removed and added again under the same name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0014_participations_attended")]

    operations = [
        migrations.DeleteModel(name="HistoricalActivityReport_participating_member_states"),
        migrations.RemoveField(model_name="activityreport", name="participating_member_states"),
        migrations.AddField(
            model_name="activityreport",
            name="participating_member_states",
            field=models.ManyToManyField(blank=True, related_name="reports", through="monitoring.Participation",
                                         to="bodies.memberstate", verbose_name="participating Member States"),
        ),
    ]
