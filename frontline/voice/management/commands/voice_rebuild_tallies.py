"""Recount the dashboard tallies of the citizens' voice module from the base tables."""

from django.core.management.base import BaseCommand

from frontline.voice.rollups import rebuild_tallies


class Command(BaseCommand):
    help = "Recount the voice dashboard tallies (after a bulk load)."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild_tallies()} tallies")
