"""The A100X converged accelerator is its own product, named beside the A100 in the August 2022 letter, no longer an
alias of the A100 (news and labels list the two apart)."""

from django.db import migrations


def split_a100x(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    ChipSku = apps.get_model("catalog", "ChipSku")
    for a100 in ChipSku.objects.filter(slug="nvidia-a100"):
        kept = [alias for alias in a100.aliases if alias.lower() != "a100x"]
        if kept != list(a100.aliases):
            a100.aliases = kept
            a100.save(update_fields=["aliases"])
    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0011_bureau_of_industry_and_security_in_chinese"),
    ]

    operations = [
        migrations.RunPython(split_a100x, migrations.RunPython.noop),
    ]
