"""DUV and EUV scanners as Dutch, German, Japanese and Korean news name them ("duv-machines", "EUV-Anlagen",
"EUV露光装置", "EUV 노광장비")."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0016_names_in_japanese_korean_and_china_as_a_destination_prefix"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
