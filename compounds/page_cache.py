"""Whole-page cache for public pages, never stale: any publication event invalidates it.

Everything a visitor sees is derived from publications, so one site-wide *state* says whether a
cached page is still true: an epoch bumped when a publication event commits, plus the time the
latest publication took effect (scheduled publications change it without any write). Each cached
page remembers the state it was rendered in and is served only while that state holds.

The middleware sits right after WhiteNoise so a hit skips sessions, CSRF and URL resolution.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Max, Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

EPOCH_KEY = "pages:epoch"
PAGE_TIMEOUT = 24 * 60 * 60  # pages of a state no one asks for any more expire on their own
_CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")


def public_page(view):
    """Mark a view's successful responses as the same for every visitor, so they may be cached
    and revalidated (ETag / Last-Modified) by browsers on every visit."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.public_page = True
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper


def publications_changed():
    """Invalidate every cached page once the current transaction commits."""
    transaction.on_commit(_bump_epoch)


def _bump_epoch():
    cache = _cache()
    cache.add(EPOCH_KEY, 0, timeout=None)
    try:
        cache.incr(EPOCH_KEY)
    except ValueError:  # evicted between add and incr: a fresh epoch is just as new
        cache.set(EPOCH_KEY, 1, timeout=None)


@dataclass(frozen=True)
class SiteState:
    token: str
    last_modified: datetime | None
    valid_until: datetime | None  # when the next scheduled publication takes effect


def _site_state(epoch, now):
    from .models import Publication

    times = Publication.objects.aggregate(
        latest=Max("effective_at", filter=Q(effective_at__lte=now)),
        next=Min("effective_at", filter=Q(effective_at__gt=now)),
    )
    latest = times["latest"]
    return SiteState(
        token=f"{epoch}:{latest.timestamp() if latest else 0}",
        last_modified=latest,
        valid_until=times["next"],
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

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not settings.PEPTARA_PAGE_CACHE:
            return _with_etag(request, self.get_response(request))
        cache = _cache()
        now = timezone.now()
        epoch = cache.get(EPOCH_KEY, 0)
        state_key, page_key = f"pages:state:{epoch}", _page_key(request)
        found = cache.get_many([state_key, page_key])
        state = found.get(state_key)
        if state is None or (state.valid_until and state.valid_until <= now):
            state = _site_state(epoch, now)
            cache.set(state_key, state, timeout=_seconds_until(state.valid_until, now))
        page = found.get(page_key)
        if page is not None and page.token == state.token:
            return _conditional(request, _response_from(page), page.etag, state)

        response = self.get_response(request)
        if not _cacheable(response):
            return response
        page = CachedPage(
            token=state.token,
            content=response.content,
            headers=tuple((h, response[h]) for h in _CACHED_HEADERS if h in response),
            etag=_etag(response.content),
        )
        cache.set(page_key, page, timeout=_seconds_until(state.valid_until, now))
        return _conditional(request, _response_from(page), page.etag, state)


def _cache():
    return caches[settings.PEPTARA_PAGE_CACHE_ALIAS]


def _page_key(request):
    return "pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


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


def _etag(content):
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def _response_from(page):
    response = HttpResponse(page.content)
    for header, value in page.headers:
        response[header] = value
    response.public_page = True
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def _conditional(request, response, etag, state):
    response["ETag"] = etag
    last_modified = None
    if state.last_modified is not None:
        last_modified = int(state.last_modified.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return not_modified


def _with_etag(request, response):
    """Without the page cache, public pages still answer If-None-Match with 304."""
    if not _cacheable(response):
        return response
    etag = _etag(response.content)
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
