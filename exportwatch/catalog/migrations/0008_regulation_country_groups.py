"""Rules that cover country groups (D:1, D:5, AI-diffusion tiers) name them, so the matrix reads their members
as the memberships stand on the day asked."""

from django.db import migrations, models


def link_country_groups(apps, schema_editor):
    from exportwatch.catalog.reference import link_country_groups

    link_country_groups(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_regulation_lifts'),
    ]

    operations = [
        migrations.AddField(
            model_name='regulation',
            name='country_groups',
            field=models.ManyToManyField(blank=True, help_text='Groups whose members the rule covers, as the memberships stand on each day.', related_name='regulations', to='catalog.countrygroup'),
        ),
        migrations.RunPython(link_country_groups, migrations.RunPython.noop),
    ]
