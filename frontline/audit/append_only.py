"""The audit log is append-only in the database itself: triggers refuse UPDATE and DELETE on
auditlog_logentry, whatever the code (or a console session) tries.

django-auditlog only ever inserts entries (its `auditlogmigratejson` command, which rewrites
them, is not for use here). Accounts are deactivated rather than deleted, so the actor
column's ON DELETE SET NULL never has to run. PostgreSQL's TRUNCATE fires no row triggers,
so `flush` (and the test suite) still empties the table there; on SQLite, `flush` deletes
rows and lifts the triggers for its duration (see the audit app's flush command).
"""

from contextlib import contextmanager

TABLE = "auditlog_logentry"
MESSAGE = "the audit log is append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE}"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

# SQLSTATE 23001 (restrict_violation): an integrity error on both databases.
POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION frontline_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION frontline_audit_append_only()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS frontline_audit_append_only()",
]


def _statements(connection, *, create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if connection.vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"No append-only triggers for {connection.vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)


@contextmanager
def lifted_for_flush(connection):
    """On SQLite, flush empties tables with DELETE: let it, then put the triggers back."""
    if connection.vendor != "sqlite":
        yield
        return
    remove(connection)
    try:
        yield
    finally:
        install(connection)
