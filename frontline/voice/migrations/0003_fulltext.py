"""Full-text index over concerns' segmented search column (see core.search.fulltext_filter):
SQLite FTS5 with a tokenizer that keeps Khmer words whole, kept by triggers; PostgreSQL a GIN
index on the 'simple' text search vector, which keeps Khmer tokens whole too."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE voice_concern_fts USING fts5(
        search_text, content='voice_concern', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'")""",
    """CREATE TRIGGER voice_concern_fts_insert AFTER INSERT ON voice_concern BEGIN
        INSERT INTO voice_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER voice_concern_fts_delete AFTER DELETE ON voice_concern BEGIN
        INSERT INTO voice_concern_fts(voice_concern_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER voice_concern_fts_update AFTER UPDATE OF search_text ON voice_concern BEGIN
        INSERT INTO voice_concern_fts(voice_concern_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO voice_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "INSERT INTO voice_concern_fts(voice_concern_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS voice_concern_fts_update",
    "DROP TRIGGER IF EXISTS voice_concern_fts_delete",
    "DROP TRIGGER IF EXISTS voice_concern_fts_insert",
    "DROP TABLE IF EXISTS voice_concern_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX voice_concern_fts ON voice_concern USING gin (to_tsvector('simple', search_text))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS voice_concern_fts"]


def forward(apps, schema_editor):
    statements = SQLITE_FORWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_FORWARD
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = SQLITE_BACKWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_BACKWARD
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("voice", "0002_categories")]
    operations = [migrations.RunPython(forward, backward)]
