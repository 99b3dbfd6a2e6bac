"""Whole-page cache for public pages, never stale: any publication event invalidates it.

Everything a visitor sees is derived from publications, so one site-wide *state* says whether a
cached page is still true: an epoch bumped when a publication event commits, plus the time the
latest publication took effect (scheduled publications change it without any write). Each cached
page remembers the state it was rendered in and is served only while that state holds.

The middleware comes first after Django's ConditionalGetMiddleware (which answers 304 from the ETag
and Last-Modified it sets), and a hit replays the headers the rest of the stack set when the page
was rendered (CSP, HSTS, ...). With Redis, it costs no round trip at all while nothing changes:
epoch and state are tracked reads (peptara/redis_cache.py) and each process keeps the pages it
served lately. The epoch itself is the workflow's (workflow/epoch.py).
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from django.utils.text import compress_string

from compounds.workflow.epoch import EPOCH_KEY, page_cache
from compounds.workflow.models import Publication

logger = logging.getLogger(__name__)

STATE_KEY = "pages:state"
RECENT_PAGES = 256  # per server process
PAGE_TIMEOUT = 24 * 60 * 60  # pages of a state no one asks for any more expire on their own
# Headers that belong to one response only, never replayed from the cache.
_NOT_CACHED_HEADERS = {"set-cookie", "date", "etag", "last-modified", "content-length"}


def public_page(view):
    """Mark a view's successful responses as the same for every visitor, so they may be cached
    and revalidated (ETag / Last-Modified) by browsers on every visit; gzipped for browsers
    that accept it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.public_page = True
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            _gzip(request, response)
        return response

    return wrapper


def _gzip(request, response):
    """Compress the page if the browser takes gzip and it is worth it.

    Without the random padding Django's GZipMiddleware asks compress_string() for: that guards
    pages holding secrets against BREACH, public pages hold none, and the same page must compress
    to the same bytes so its ETag holds from one request to the next.
    """
    patch_vary_headers(response, ["Accept-Encoding"])
    if response.streaming or len(response.content) < 200 or not _accepts_gzip(request):
        return
    compressed = compress_string(response.content)
    if len(compressed) < len(response.content):
        response.content = compressed
        response["Content-Encoding"] = "gzip"


def _accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


@dataclass(frozen=True)
class SiteState:
    epoch: int
    token: str
    last_modified: datetime | None
    valid_until: datetime | None  # when the next scheduled publication takes effect


def _site_state(epoch, now):
    latest, upcoming = Publication.objects.timeline(now)
    return SiteState(
        epoch=epoch,
        token=f"{epoch}:{latest.timestamp() if latest else 0}",
        last_modified=latest,
        valid_until=upcoming,
    )


@dataclass(frozen=True)
class CachedPage:
    token: str
    content: bytes
    headers: tuple
    etag: str


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Static files and the admin are never public pages: no cache round trip for them.
        self.passed_through = ("/" + settings.STATIC_URL.lstrip("/"), "/admin/")
        # Pages this process served lately, so a hit fetches no page from the shared cache; each
        # is used only while its token matches the shared state, like one from that cache.
        self.recent_pages = {}

    def __call__(self, request):
        if request.path_info.startswith(self.passed_through):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD") or not settings.PEPTARA_PAGE_CACHE:
            return self.get_response(request)
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return self.get_response(request)  # SecurityMiddleware redirects it to HTTPS
        request.get_host()  # refuses hosts outside ALLOWED_HOSTS, as the full stack would
        cache = page_cache()
        now = timezone.now()
        page_key = _page_key(request)
        try:
            found = _read_shared_state(cache)
        except Exception:  # the cache is down: serve uncached pages rather than errors
            logger.exception("Page cache unavailable; serving the page uncached")
            return self.get_response(request)
        epoch, state = found.get(EPOCH_KEY, 0), found.get(STATE_KEY)
        if state is None or state.epoch != epoch or _expired(state, now):
            # A state computed before an invalidation can be written after it; it carries the
            # old epoch, so the next request sees the mismatch and computes it again.
            state = _site_state(epoch, now)
            cache.set(STATE_KEY, state, timeout=_seconds_until(state.valid_until, now))
        page = self.recent_pages.get(page_key)
        if page is None or page.token != state.token:
            page = cache.get(page_key)  # none here, or out of date: another process may have it
        if page is not None and page.token == state.token:
            self._remember(page_key, page)
            return _response_from(page, state)

        response = self.get_response(request)
        if not _cacheable(response):
            return response
        set_response_etag(response)
        page = CachedPage(
            token=state.token,
            content=response.content,
            headers=tuple(
                (header, value)
                for header, value in response.items()
                if header.lower() not in _NOT_CACHED_HEADERS
            ),
            etag=response["ETag"],
        )
        cache.set(page_key, page, timeout=_seconds_until(state.valid_until, now))
        self._remember(page_key, page)
        return _response_from(page, state)

    def _remember(self, page_key, page):
        if page_key not in self.recent_pages and len(self.recent_pages) >= RECENT_PAGES:
            del self.recent_pages[next(iter(self.recent_pages))]  # the oldest
        self.recent_pages[page_key] = page


def _expired(state, now):
    return state.valid_until is not None and state.valid_until <= now


def _read_shared_state(cache):
    """The epoch and state, read without a round trip while Redis reports no change to them
    (peptara.redis_cache); other backends are asked every time."""
    read = getattr(cache, "get_many_tracked", cache.get_many)
    return read([EPOCH_KEY, STATE_KEY])


def _page_key(request):
    """One entry per address and encoding (gzip or none)."""
    variant = "gzip " if _accepts_gzip(request) else ""
    return "pages:" + hashlib.sha256((variant + request.get_full_path()).encode()).hexdigest()


def _seconds_until(moment, now):
    if moment is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, int((moment - now).total_seconds())))


def _cacheable(response):
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def _response_from(page, state):
    """The cached page, with the validators Django's ConditionalGetMiddleware (first in the
    stack) compares a browser's If-None-Match and If-Modified-Since with."""
    response = HttpResponse(page.content, headers=dict(page.headers))
    response["Content-Length"] = str(len(page.content))
    response["ETag"] = page.etag
    if state.last_modified is not None:
        response["Last-Modified"] = http_date(state.last_modified.timestamp())
    return response
