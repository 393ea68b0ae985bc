"""Run the deadline job: once (cron or a systemd timer), or every N seconds (`make run`)."""

import logging
import signal
import sys
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from frontline.voice.services import escalate_overdue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Escalate the concerns past their deadlines one rung up the ladder (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="Keep running, once every this many seconds (0: run once and stop).",
        )
        parser.add_argument("--max-runs", type=int, default=0, help="With --every: stop after this many runs.")

    def handle(self, *args, every, max_runs, **options):
        if every <= 0:
            self._run_once()
            return
        # Started in the background by `make run`, the shell hands it SIGINT ignored: restore
        # Ctrl-C, and let SIGTERM stop it the same way, between runs or in the middle of a sleep.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler), signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            self._loop(every, max_runs)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGTERM, previous[1])

    def _loop(self, every: float, max_runs: int):
        runs = 0
        while not max_runs or runs < max_runs:
            runs += 1
            try:
                self._run_once()
            except Exception:
                # A database that is briefly away must not stop the deadlines for good: the next
                # run picks up every breach this one missed (each is escalated once).
                logger.exception("voice_escalate: run failed; trying again in %s s", every)
            finally:
                if not connection.in_atomic_block:  # called inside a transaction: it is not ours to close
                    close_old_connections()
            if not max_runs or runs < max_runs:
                time.sleep(every)

    def _run_once(self):
        run = escalate_overdue()
        self.stdout.write(f"examined {run.examined}, escalated {run.escalated}")
