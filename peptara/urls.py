from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from compounds.site.feeds import MonographUpdatesFeed
from compounds.site.page_cache import public_page
from compounds.site.sitemaps import SITEMAPS
from compounds.site.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("feed/", public_page(MonographUpdatesFeed()), name="feed"),
    path("", include("compounds.site.urls")),
]

handler404 = "compounds.site.views.page_not_found"
