"""PostgreSQL: keep the concerns' text search vector in a stored generated column with the GIN
index on it. A prefix query rechecks each candidate row; with the expression index PostgreSQL
recomputed to_tsvector for every one (a common Khmer word matches tens of thousands of rows),
with the column it reads the stored vector. SQLite keeps its FTS5 table (0003)."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE voice_concern ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX voice_concern_search_vector ON voice_concern USING gin (search_vector)",
    "DROP INDEX IF EXISTS voice_concern_fts",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS voice_concern_fts ON voice_concern USING gin (to_tsvector('simple', search_text))",
    "DROP INDEX IF EXISTS voice_concern_search_vector",
    "ALTER TABLE voice_concern DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("voice", "0004_concern_merged_partial_index")]
    operations = [migrations.RunPython(forward, backward)]
