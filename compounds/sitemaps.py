from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Publication


class MonographSitemap(Sitemap):
    """Live monographs only: drafts, previews and withdrawn pages are never listed."""

    changefreq = "monthly"

    def items(self):
        return Publication.objects.current().only("slug", "effective_at").order_by("slug")

    def location(self, publication):
        return reverse("compounds:monograph", args=[publication.slug])

    def lastmod(self, publication):
        return publication.effective_at


class IndexSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["compounds:index"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"index": IndexSitemap, "monographs": MonographSitemap}
