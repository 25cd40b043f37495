import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from curation.scale_data import SEED, Sizes, build_scale_data, remove_scale_data
from initiatives.models import InitiativeType
from municipalities.models import Municipality


class Command(BaseCommand):
    help = (
        "Build the deterministic synthetic data set for benchmarks (replacing any earlier "
        "one), or remove it with --remove. Seed data is never changed."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in ("actors", "initiatives", "participations", "funding", "articles"):
            default = getattr(defaults, name)
            parser.add_argument(f"--{name}", type=int, default=default, help=f"default {default}")
        parser.add_argument("--seed", type=int, default=SEED, help="random seed")
        parser.add_argument("--remove", action="store_true", help="only remove the synthetic rows")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["remove"]:
            counts = remove_scale_data()
            self.stdout.write(f"Synthetic data removed: {_summary(counts)}.")
            return
        if Municipality.objects.count() < 290 or not InitiativeType.objects.exists():
            call_command("load_seed", verbosity=0)
        sizes = Sizes(**{name: options[name] for name in Sizes.__dataclass_fields__})
        log = self.stdout.write if options["verbosity"] > 1 else None
        counts = build_scale_data(sizes, options["seed"], log)
        self.stdout.write(
            f"Synthetic data built in {time.monotonic() - started:.0f} s: {_summary(counts)}."
        )


def _summary(counts):
    return ", ".join(f"{count} {name}" for name, count in counts.items())
