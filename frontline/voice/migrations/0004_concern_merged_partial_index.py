"""Index only the merged duplicates. With a full index on merged_into, SQLite's planner takes
"merged_into IS NULL" (true of nearly every concern) for a selective condition and scans that
index instead of the province/status one: the concern list took seconds at 500,000 concerns.

The foreign key's own index is dropped by name rather than through AlterField, which on SQLite
would rebuild the table and lose the full-text triggers that 0003 put on it.
"""

import django.db.models.deletion
from django.db import migrations, models


def _fk_index_name(schema_editor) -> str:
    return schema_editor._create_index_name("voice_concern", ["merged_into_id"], suffix="")


def drop_fk_index(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{_fk_index_name(schema_editor)}"')


def restore_fk_index(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX "{_fk_index_name(schema_editor)}" ON "voice_concern" ("merged_into_id")')


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_fulltext")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="concern",
                    name="merged_into",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged",
                        to="voice.concern",
                        verbose_name="merged into",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_fk_index, restore_fk_index)],
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)), fields=["merged_into"], name="voice_concern_merged"
            ),
        ),
    ]
