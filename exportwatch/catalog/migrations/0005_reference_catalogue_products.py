"""Bring the reference catalogue up to date: memory chips, destination names in more languages, what companies
sell, and which companies the news names as buyers."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue, mark_reference_buyers

    load_reference_catalogue(apps)
    mark_reference_buyers(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_company_products_and_buyers"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
