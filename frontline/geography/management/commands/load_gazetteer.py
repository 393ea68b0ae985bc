from django.core.management.base import BaseCommand

from frontline.geography.gazetteer import gazetteer_load


class Command(BaseCommand):
    help = "Load or refresh the NCDD administrative tree (idempotent)."

    def handle(self, *args, **options):
        result = gazetteer_load()
        self.stdout.write(
            f"Gazetteer: {result['created']} created, {result['updated']} updated, {result['total']} areas."
        )
