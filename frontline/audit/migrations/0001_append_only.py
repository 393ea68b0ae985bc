"""Triggers that make auditlog_logentry append-only (see frontline.audit.append_only)."""

from django.db import migrations


def install(apps, schema_editor):
    from frontline.audit.append_only import install

    install(schema_editor.connection)


def remove(apps, schema_editor):
    from frontline.audit.append_only import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]
    operations = [migrations.RunPython(install, remove, elidable=False)]
