"""Regulations brought in from the Federal Register keep its document number, once each."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0008_regulation_country_groups'),
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
            name='document_number',
            field=models.CharField(blank=True, help_text="The Federal Register's document number, e.g. 2023-23055, for documents its API brought in.", max_length=40),
        ),
        migrations.AddField(
            model_name='regulationevent',
            name='document_number',
            field=models.CharField(blank=True, help_text="The Federal Register's document number, e.g. 2023-23055, for documents its API brought in.", max_length=40),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "document_number", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (NEW."authority_id", NEW."citation", NEW."created_at", NEW."document_number", NEW."effective_on", NEW."id", NEW."kind", NEW."lifts_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."published_on", NEW."slug", NEW."summary", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;', hash='ec967f69c3e16ed1856003ce3fb4169986dfd341', operation='INSERT', pgid='pgtrigger_insert_insert_a10f2', table='catalog_regulation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "document_number", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (NEW."authority_id", NEW."citation", NEW."created_at", NEW."document_number", NEW."effective_on", NEW."id", NEW."kind", NEW."lifts_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."published_on", NEW."slug", NEW."summary", NEW."title", NEW."updated_at", NEW."url"); RETURN NULL;', hash='eac27d6993abcf82268d1886b2eb50d133116898', operation='UPDATE', pgid='pgtrigger_update_update_f2997', table='catalog_regulation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='regulation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "catalog_regulationevent" ("authority_id", "citation", "created_at", "document_number", "effective_on", "id", "kind", "lifts_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_on", "slug", "summary", "title", "updated_at", "url") VALUES (OLD."authority_id", OLD."citation", OLD."created_at", OLD."document_number", OLD."effective_on", OLD."id", OLD."kind", OLD."lifts_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."published_on", OLD."slug", OLD."summary", OLD."title", OLD."updated_at", OLD."url"); RETURN NULL;', hash='aeb1e4e5dc751a20193b6e302bd662d16033ea8f', operation='DELETE', pgid='pgtrigger_delete_delete_6cc17', table='catalog_regulation', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='regulation',
            constraint=models.UniqueConstraint(condition=models.Q(('document_number', ''), _negated=True), fields=('document_number',), name='catalog_regulation_unique_document_number'),
        ),
    ]
