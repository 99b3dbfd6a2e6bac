import time

from django.core.management.base import BaseCommand

from compounds.workflow import pages
from compounds.workflow.models import PageRendering, Publication


class Command(BaseCommand):
    help = (
        "Store the page of every live or scheduled monograph as the running code and settings "
        "render it, and drop pages rendered by other code. Run it after each deploy, after "
        "collectstatic: until then, pages are rendered from their documents on every request."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        renderer = pages.renderer()
        pending = {
            pk
            for publications in (Publication.objects.current(), Publication.objects.scheduled())
            for pk in publications.exclude(renderings__renderer=renderer).values_list(
                "pk", flat=True
            )
        }
        for pk in sorted(pending):
            pages.store(pk)
        dropped = PageRendering.objects.drop_all_but(renderer)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Rendered {len(pending)} monograph pages in {time.monotonic() - started:.1f} s "
            f"(renderer {renderer[:12]}); dropped {dropped} rendered by other code or settings."
        )
