"""The register of partners starts with ASEAN's eleven Dialogue Partners, as the ASEAN Secretariat lists
its external relations (the United Kingdom a Dialogue Partner since August 2021), and UNODC, the
cooperation partner the Bali Work Plan names (section III: "Development / Dialogue Partners as well as
cooperation partners such as UNODC"). Data only: the schema is 0002_partners."""

from django.db import migrations

DIALOGUE_PARTNERS = [
    ("Australia", "Australia", "australia"),
    ("Canada", "Canada", "canada"),
    ("China", "China", "china"),
    ("European Union", "EU", "eu"),
    ("India", "India", "india"),
    ("Japan", "Japan", "japan"),
    ("Republic of Korea", "ROK", "rok"),
    ("New Zealand", "New Zealand", "new-zealand"),
    ("Russian Federation", "Russia", "russia"),
    ("United Kingdom", "UK", "uk"),
    ("United States", "US", "us"),
]
UN_ENTITIES = [("United Nations Office on Drugs and Crime", "UNODC", "unodc")]


def add_partners(apps, schema_editor):
    Partner = apps.get_model("bodies", "Partner")
    for kind, rows in (("dialogue_partner", DIALOGUE_PARTNERS), ("un_entity", UN_ENTITIES)):
        for name, short_name, slug in rows:
            Partner.objects.get_or_create(slug=slug, defaults={"kind": kind, "name": name, "short_name": short_name})


class Migration(migrations.Migration):
    dependencies = [("bodies", "0002_partners")]

    operations = [migrations.RunPython(add_partners, migrations.RunPython.noop)]
