"""Send the xAPI statements not yet sent to a learning record store:

    manage.py xapi_push --endpoint https://lrs.example.org/xapi/ --key KEY --secret SECRET

The secret may come from XAPI_LRS_SECRET instead, to keep it out of the process list.
Running it again sends only what is new; a statement sent twice is not duplicated (its id).
"""

import os

from django.core.management.base import BaseCommand, CommandError

from frontline.xapi.push import PushError, push_unsent


class Command(BaseCommand):
    help = "Send the xAPI statements not yet sent to a learning record store (LRS)."

    def add_arguments(self, parser):
        parser.add_argument("--endpoint", required=True, help="The LRS's xAPI address (…/statements is added)")
        parser.add_argument("--key", required=True, help="The LRS client's key (HTTP Basic user)")
        parser.add_argument("--secret", default=os.environ.get("XAPI_LRS_SECRET", ""), help="Its secret")
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, endpoint, key, secret, batch_size, **options):
        if not secret:
            raise CommandError("Give the LRS secret with --secret or XAPI_LRS_SECRET.")
        if not 1 <= batch_size <= 1000:
            raise CommandError("--batch-size must be between 1 and 1000.")
        try:
            report = push_unsent(endpoint=endpoint, key=key, secret=secret, batch_size=batch_size)
        except PushError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sent {report.sent} statements in {report.batches} batches.")
