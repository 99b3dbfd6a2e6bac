"""Public pages are cached whole until a publication changes what visitors see, answer
conditional requests, and never serve anything stale or unapproved."""

import functools
import gzip
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compounds.workflow.publishing import preview_token, roll_back, unpublish
from compounds.workflow.revisions import record_revision
from tests.factories import CompoundFactory
from tests.publishing import publish, staff_user
from tests.redis_server import TEST_REDIS_URL, soon

PUBLIC_CACHE_CONTROL = {"public", "max-age=0", "must-revalidate"}


@pytest.fixture
def page_cache(settings):
    settings.PEPTARA_PAGE_CACHE = True


@pytest.fixture
def live(db, django_capture_on_commit_callbacks):
    compound = CompoundFactory(slug="cachepeptide", short_answer="First approved wording.")
    with django_capture_on_commit_callbacks(execute=True):
        publish(compound)
    return compound


def republish(compound, on_commit, **changes):
    for field, value in changes.items():
        setattr(compound, field, value)
    compound.save()
    with on_commit(execute=True):
        return publish(compound)


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_cached_page_is_served_without_touching_the_database(
    client, page_cache, live, django_assert_num_queries
):
    first = client.get("/compounds/cachepeptide/")
    with django_assert_num_queries(0):
        again = client.get("/compounds/cachepeptide/")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "path", ["/", "/compounds/cachepeptide/", "/compounds/cachepeptide.json", "/robots.txt"]
)
def test_public_pages_send_validators_and_cache_control(client, page_cache, live, path):
    for response in (client.get(path), client.get(path)):  # a miss, then a hit
        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        assert "Last-Modified" in response
        assert cache_control(response) == PUBLIC_CACHE_CONTROL
        assert "Set-Cookie" not in response
        assert response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_conditional_requests_get_304_until_a_publication_changes_the_page(
    client, page_cache, live, django_capture_on_commit_callbacks
):
    response = client.get("/compounds/cachepeptide/")
    etag, last_modified = response["ETag"], response["Last-Modified"]

    assert client.get("/compounds/cachepeptide/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    not_modified = client.get("/compounds/cachepeptide/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304

    republish(live, django_capture_on_commit_callbacks, short_answer="Second approved wording.")

    changed = client.get("/compounds/cachepeptide/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Second approved wording." in changed.text
    assert changed["ETag"] != etag


def test_an_approval_replaces_every_cached_page_that_shows_the_compound(
    client, page_cache, live, django_capture_on_commit_callbacks
):
    for path in ("/", "/compounds/cachepeptide/", "/compounds/cachepeptide.json"):
        client.get(path)

    republish(
        live,
        django_capture_on_commit_callbacks,
        name="Renamed peptide",
        short_answer="Second approved wording.",
    )

    assert "Renamed peptide" in client.get("/").text
    assert "Second approved wording." in client.get("/compounds/cachepeptide/").text
    assert "Second approved wording." in client.get("/compounds/cachepeptide.json").text


def test_a_draft_edit_never_reaches_a_cached_page(client, page_cache, live):
    client.get("/compounds/cachepeptide/")
    live.short_answer = "Unapproved draft wording."
    live.save()
    record_revision(live, staff_user("test-author", "Content staff"), "Draft")

    for _ in range(2):
        assert "Unapproved draft wording." not in client.get("/compounds/cachepeptide/").text


def test_unpublishing_and_rolling_back_take_effect_at_once(
    client, page_cache, live, django_capture_on_commit_callbacks
):
    first = live.publications.get()
    republish(live, django_capture_on_commit_callbacks, short_answer="Second approved wording.")
    reviewer = staff_user("test-reviewer", "Reviewers")
    assert "Second approved wording." in client.get("/compounds/cachepeptide/").text

    with django_capture_on_commit_callbacks(execute=True):
        roll_back(first, reviewer, "The second version had an error")
    assert "First approved wording." in client.get("/compounds/cachepeptide/").text

    with django_capture_on_commit_callbacks(execute=True):
        unpublish(live, reviewer, "Withdrawn")
    assert client.get("/compounds/cachepeptide/").status_code == 404
    assert "cachepeptide" not in client.get("/").text


def test_a_scheduled_publication_shows_from_its_time_without_any_request_to_invalidate(
    client, page_cache, live, django_capture_on_commit_callbacks, monkeypatch
):
    start = timezone.now()
    live.short_answer = "Scheduled wording."
    live.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(live, effective_at=start + timedelta(hours=2))

    assert "Scheduled wording." not in client.get("/compounds/cachepeptide/").text
    assert "Scheduled wording." not in client.get("/compounds/cachepeptide/").text  # cached

    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=2, seconds=1))
    assert "Scheduled wording." in client.get("/compounds/cachepeptide/").text


def test_previews_are_never_cached(client, page_cache, live, editor_client, editor):
    live.short_answer = "Draft wording under review."
    live.save()
    revision = record_revision(live, staff_user("test-author", "Content staff"), "Draft")
    admin_preview = f"/admin/compounds/compound/{live.pk}/preview/{revision.number}/"
    signed_preview = f"/preview/{preview_token(revision, editor)}/"

    for path, viewer in ((admin_preview, editor_client), (signed_preview, Client())):
        first = viewer.get(path)
        assert "Draft wording under review." in first.text
        assert "public" not in first["Cache-Control"]
        assert "no-store" in first["Cache-Control"] or "private" in first["Cache-Control"]

    assert "Draft wording under review." not in client.get("/compounds/cachepeptide/").text


def test_without_the_page_cache_public_pages_still_answer_if_none_match(client, live):
    response = client.get("/compounds/cachepeptide/")
    assert (
        client.get("/compounds/cachepeptide/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_a_not_found_answer_is_never_cached(client, page_cache, live):
    assert client.get("/compounds/laterpeptide/").status_code == 404

    # Published without its commit callbacks: the cache hears of no change, so only an
    # uncached 404 lets the new page through.
    publish(CompoundFactory(slug="laterpeptide"))

    assert client.get("/compounds/laterpeptide/").status_code == 200


def test_each_query_string_is_a_page_of_its_own(client, page_cache, live):
    compared = client.get("/compare/?compounds=cachepeptide").text
    empty_form = client.get("/compare/").text

    assert "side by side</caption>" in compared
    assert "side by side</caption>" not in empty_form


def test_pages_are_served_uncached_while_the_cache_server_is_down(
    client, page_cache, live, settings
):
    settings.CACHES = {
        **settings.CACHES,
        "pages-down": {
            "BACKEND": "peptara.redis_cache.PooledRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    settings.PEPTARA_PAGE_CACHE_ALIAS = "pages-down"

    response = client.get("/compounds/cachepeptide/")

    assert response.status_code == 200
    assert "First approved wording." in response.text


def test_with_redis_every_server_process_serves_the_new_page_once_a_publication_commits(
    page_cache, live, settings, redis_key_prefix, django_capture_on_commit_callbacks
):
    # Two server processes: each its own cache connections (a cache alias of its own on the same
    # Redis keys) and its own middleware (a client of its own).
    processes = {alias: Client() for alias in ("process-a", "process-b")}
    settings.CACHES = {
        **settings.CACHES,
        **{
            alias: {
                "BACKEND": "peptara.redis_cache.PooledRedisCache",
                "LOCATION": TEST_REDIS_URL,
                "KEY_PREFIX": redis_key_prefix,
            }
            for alias in processes
        },
    }

    def visit(alias):
        settings.PEPTARA_PAGE_CACHE_ALIAS = alias
        return processes[alias].get("/compounds/cachepeptide/")

    def shows(alias, text):
        return text in visit(alias).text

    for alias in processes:
        assert "First approved wording." in visit(alias).text
    with CaptureQueriesContext(connection) as queries:
        for alias in processes:
            assert "First approved wording." in visit(alias).text
    assert len(queries) == 0

    settings.PEPTARA_PAGE_CACHE_ALIAS = "process-a"  # the approval is made in process A
    republish(live, django_capture_on_commit_callbacks, short_answer="Second approved wording.")

    for alias in processes:
        assert soon(functools.partial(shows, alias, "Second approved wording."))
        assert "First approved wording." not in visit(alias).text


@pytest.mark.parametrize("cache_on", [True, False], ids=["page cache on", "page cache off"])
def test_browsers_that_accept_gzip_get_public_pages_gzipped(
    client, settings, live, django_assert_num_queries, cache_on
):
    settings.PEPTARA_PAGE_CACHE = cache_on
    plain = client.get("/compounds/cachepeptide/")
    gzipped = client.get("/compounds/cachepeptide/", HTTP_ACCEPT_ENCODING="br, gzip, deflate")

    assert "Content-Encoding" not in plain
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == plain.content
    assert len(gzipped.content) < len(plain.content) / 3
    for response in (plain, gzipped):
        assert "Accept-Encoding" in response["Vary"]
    # Each encoding is a representation of its own, with its own validator.
    assert gzipped["ETag"] != plain["ETag"]
    again = client.get(
        "/compounds/cachepeptide/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=gzipped["ETag"]
    )
    assert again.status_code == 304
    if cache_on:
        with django_assert_num_queries(0):
            hit = client.get("/compounds/cachepeptide/", HTTP_ACCEPT_ENCODING="gzip")
        assert hit.content == gzipped.content
        assert hit["Content-Encoding"] == "gzip"
