"""sitemap.xml and robots.txt list only what visitors may see."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from compounds.workflow.publishing import unpublish
from tests.factories import CompoundFactory
from tests.publishing import publish, staff_user


def test_sitemap_lists_live_monographs_only(client, db):
    live = CompoundFactory(slug="livepeptide")
    publish(live)
    CompoundFactory(slug="draftpeptide")
    withdrawn = CompoundFactory(slug="withdrawnpeptide")
    publish(withdrawn)
    unpublish(withdrawn, staff_user("test-reviewer", "Reviewers"), "Taken down")
    scheduled = CompoundFactory(slug="scheduledpeptide")
    publish(scheduled, effective_at=timezone.now() + timedelta(days=1))

    sitemap = client.get("/sitemap.xml").text

    assert "/compounds/livepeptide/" in sitemap
    for hidden in ("draftpeptide", "withdrawnpeptide", "scheduledpeptide"):
        assert hidden not in sitemap
    assert f"<loc>{settings.SITE_URL}/</loc>" in sitemap


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_previews(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text
    assert "Disallow: /preview/" in response.text
    assert "Disallow: /admin/" in response.text
