"""Companies as Korean and Japanese pages name them ("삼성전자", "SK하이닉스", "화웨이", "エヌビディア"), beside the
Chinese names the catalogue already holds."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0009_regulation_document_number"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
