from django.core.management.base import BaseCommand

from frontline.benchmarks.national import generate, generated_count, wipe


class Command(BaseCommand):
    help = "Build the deterministic national-scale data set (250,000 officials by default)."

    def add_arguments(self, parser):
        parser.add_argument("--officials", type=int, default=250_000)
        parser.add_argument("--force", action="store_true", help="wipe the generated data set and build it again")

    def handle(self, *args, officials, force, **options):
        existing = generated_count()
        if existing == officials and not force:
            self.stdout.write(f"{existing:,} generated officials already there (--force rebuilds).")
            return
        wipe()  # also clears what an interrupted run left behind
        generate(officials, out=self.stdout.write)
