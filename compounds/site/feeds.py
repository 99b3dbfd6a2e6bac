"""The Atom feed of monograph updates: each approval or roll-back visitors can see."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from compounds.workflow.models import Publication

FEED_LENGTH = 30


class MonographUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = "Peptara Labs: research compound monograph updates"
    subtitle = "Each approved change to a live monograph, with its change summary."

    def link(self):
        return settings.SITE_URL + reverse("compounds:index")

    def feed_url(self):
        return settings.SITE_URL + reverse("feed")

    def items(self):
        live = Publication.objects.current()
        # An update links to where the compound is now, not to an address it has since left
        # (which another compound may have taken).
        live_slug = live.filter(compound_id=OuterRef("compound_id")).values("slug")[:1]
        updates = (
            Publication.objects.shown()
            .filter(compound_id__in=Subquery(live.values("compound_id")))
            .annotate(live_slug=Subquery(live_slug))
        )
        return updates.only("slug", "name", "effective_at", "change_summary", "author_name")[
            :FEED_LENGTH
        ]

    def item_title(self, publication):
        return f"{publication.name}: monograph updated"

    def item_description(self, publication):
        return publication.change_summary or "Published."

    def item_link(self, publication):
        return settings.SITE_URL + reverse("compounds:monograph", args=[publication.live_slug])

    def item_guid(self, publication):
        changes = reverse("compounds:changes", args=[publication.slug])
        return f"{settings.SITE_URL}{changes}#publication-{publication.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, publication):
        return publication.effective_at

    def item_pubdate(self, publication):
        return publication.effective_at

    def item_author_name(self, publication):
        return publication.author_name or None
