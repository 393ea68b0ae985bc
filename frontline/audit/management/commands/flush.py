"""Django's flush, able to empty the append-only audit log on SQLite (where it deletes rows).

Flushing wipes every table of the database: it is for tests and development, and whoever
may run it could drop the database anyway.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from frontline.audit.append_only import lifted_for_flush


class Command(FlushCommand):
    def handle(self, **options):
        with lifted_for_flush(connections[options["database"]]):
            return super().handle(**options)
