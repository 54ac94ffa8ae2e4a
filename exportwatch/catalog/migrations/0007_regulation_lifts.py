"""Which rule a rescission or suspension lifts, so the matrix stops reading a lifted rule as in force."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def link_liftings(apps, schema_editor):
    from exportwatch.catalog.reference import link_liftings

    link_liftings(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_company_is_proposed'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='regulation',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='regulation',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='regulation',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='regulation',
            name='lifts',
            field=models.ForeignKey(blank=True, help_text='The rule or letter this one rescinds or suspends; from its effective date that one no longer requires a licence.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lifted_by', to='catalog.regulation'),
        ),
        migrations.AddField(
            model_name='regulationevent',
            name='lifts',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The rule or letter this one rescinds or suspends; from its effective date that one no longer requires a licence.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='catalog.regulation'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (NEW."authority_id", NEW."citation", NEW."created_at", NEW."effective_on", NEW."id", NEW."kind", NEW."lifts_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."published_on", NEW."slug", NEW."summary", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;', hash='829a9be649a871dfe972c3a5857e3d398982e82b', operation='INSERT', pgid='pgtrigger_insert_insert_a10f2', table='catalog_regulation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (NEW."authority_id", NEW."citation", NEW."created_at", NEW."effective_on", NEW."id", NEW."kind", NEW."lifts_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."published_on", NEW."slug", NEW."summary", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;', hash='e0405c103506a6d07ebe056879ca93fcdbdc8232', operation='UPDATE', pgid='pgtrigger_update_update_f2997', table='catalog_regulation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (OLD."authority_id", OLD."citation", OLD."created_at", OLD."effective_on", OLD."id", OLD."kind", OLD."lifts_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."published_on", OLD."slug", OLD."summary", OLD."title", OLD."updated_at", OLD."url"); RETURN NULL;', hash='fcab2ceb83925670c62d9b00b5a514f0c1fe1237', operation='DELETE', pgid='pgtrigger_delete_delete_6cc17', table='catalog_regulation', when='AFTER')),
        ),
        migrations.RunPython(link_liftings, migrations.RunPython.noop),
    ]
