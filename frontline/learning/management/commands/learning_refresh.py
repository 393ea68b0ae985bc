"""Daily upkeep of the training dashboard: the twelve-month coverage window slides a day, and
needs met are recounted (officials move between units). Idempotent; run it from cron or a
systemd timer, e.g. `0 2 * * * manage.py learning_refresh`."""

from django.core.management.base import BaseCommand

from frontline.learning.rollups import coverage_refresh
from frontline.learning.services.planning import needs_met_refresh


class Command(BaseCommand):
    help = "Recount training coverage per unit and needs met (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Also rebuild every rollup from the records.")

    def handle(self, *args, rebuild: bool, **options):
        if rebuild:
            from frontline.learning.rollups import rollups_rebuild

            rollups_rebuild()
        else:
            coverage_refresh()
            needs_met_refresh()
        self.stdout.write("Training coverage and needs met recounted.")
