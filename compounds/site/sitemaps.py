from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from compounds.workflow.models import Publication

from .home import research_areas


class Sitemap(DjangoSitemap):
    """Addresses on the site's public URL (PEPTARA_SITE_URL), like the pages' canonical links,
    whatever host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class MonographSitemap(Sitemap):
    """Live monographs only: drafts, previews and withdrawn pages are never listed."""

    changefreq = "monthly"

    def items(self):
        return Publication.objects.current().only("slug", "effective_at").order_by("slug")

    def location(self, publication):
        return reverse("compounds:monograph", args=[publication.slug])

    def lastmod(self, publication):
        return publication.effective_at


class ChangeLogSitemap(MonographSitemap):
    def location(self, publication):
        return reverse("compounds:changes", args=[publication.slug])


class ResearchAreaSitemap(Sitemap):
    """Research areas in which some live monograph has evidence."""

    changefreq = "monthly"

    def items(self):
        return research_areas(Publication.objects.current().values_list("card", flat=True))

    def location(self, area):
        return reverse("compounds:research_area", args=[area["slug"]])


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["compounds:index", "compounds:compare", "compounds:search"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "monographs": MonographSitemap,
    "research-areas": ResearchAreaSitemap,
    "change-logs": ChangeLogSitemap,
}
