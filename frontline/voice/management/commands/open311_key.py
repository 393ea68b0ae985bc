"""Issue an Open311 API key: `manage.py open311_key NAME` prints the new key once; only its
SHA-256 hash is kept, so a lost key is replaced, never recovered."""

from django.core.management.base import BaseCommand, CommandError

from frontline.voice.open311 import issue_key


class Command(BaseCommand):
    help = "Issue an Open311 API key for an application; prints the key once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who the key is for (the application or organisation).")

    def handle(self, *args, name: str, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the name of the application the key is for.")
        key, raw = issue_key(name)
        self.stderr.write(f"API key {key.prefix}… issued to {key.name}. Keep it: it is shown only this once.")
        self.stdout.write(raw)
