"""Run the deadline job once (cron or a systemd timer runs it every few minutes)."""

from django.core.management.base import BaseCommand

from frontline.voice.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate the concerns past their deadlines one rung up the ladder (idempotent)."

    def handle(self, *args, **options):
        run = escalate_overdue()
        self.stdout.write(f"examined {run.examined}, escalated {run.escalated}")
