"""A source kind for the Federal Register API."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ingest', '0004_url_run_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='source',
            name='kind',
            field=models.CharField(choices=[('feed', 'RSS/Atom feed'), ('page', 'Article page'), ('fedreg', 'Federal Register API search (rules become regulations)')], default='feed', max_length=8),
        ),
        migrations.AlterField(
            model_name='sourceevent',
            name='kind',
            field=models.CharField(choices=[('feed', 'RSS/Atom feed'), ('page', 'Article page'), ('fedreg', 'Federal Register API search (rules become regulations)')], default='feed', max_length=8),
        ),
    ]
