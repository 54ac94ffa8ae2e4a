"""The Bureau of Industry and Security and the US commerce secretary as Chinese press names them ("商务部工业与安全局",
"商务部长卢特尼克"), so the bare "商务部" inside those names is no longer read as China's own Ministry of Commerce."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0010_company_names_in_korean_and_japanese"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
