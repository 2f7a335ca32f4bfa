"""Re-encrypt every mediation value with the current MEDIATION_ENCRYPTION_KEY (after a key change).

1. Generate a new key; set it as MEDIATION_ENCRYPTION_KEY and the old one in MEDIATION_OLD_ENCRYPTION_KEYS.
2. Restart the site (it reads both), then run this command. It can be run again at any time.
3. Remove the old key from MEDIATION_OLD_ENCRYPTION_KEYS; `manage.py check --database default` confirms.
"""

from django.core.management.base import BaseCommand, CommandError

from mediation import key_rotation
from mediation.encryption import UnreadableCaseData


class Command(BaseCommand):
    help = "Re-encrypt every encrypted mediation field with the current MEDIATION_ENCRYPTION_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="Rows per transaction (default 200).")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            report = key_rotation.rotate_all(batch_size=batch_size)
        except UnreadableCaseData as error:
            raise CommandError(
                f"{error} Add the key the data was written with to MEDIATION_OLD_ENCRYPTION_KEYS and run again; "
                "the values rotated so far are kept."
            ) from error
        for label, count in sorted(report.by_model.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {report.rotated} value(s) with the current key; {report.current} already used it; "
                f"recomputed {report.reindexed} search digest(s) of parties."
            )
        )
