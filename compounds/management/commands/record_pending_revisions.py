import time

from django.core.management.base import BaseCommand

from compounds.workflow.revisions import record_requested_revisions


class Command(BaseCommand):
    help = (
        "Record again every monograph waiting for a revision because a shared record it shows "
        "changed (the site-wide wording flags all of them). Safe to run at any time and as often "
        "as you like: run it on a schedule, e.g. every few minutes."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        recorded = record_requested_revisions()
        self.stdout.write(
            f"Recorded {recorded} monograph{'s' if recorded != 1 else ''} again with their "
            f"changed shared records in {time.monotonic() - started:.1f} s."
        )
