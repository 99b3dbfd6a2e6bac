"""The publication epoch: a counter in the shared cache, bumped whenever a publication event
commits (approval, roll-back, unpublish, deletion), so every public page cached before it is out of
date (see site/page_cache.py)."""

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

EPOCH_KEY = "pages:epoch"


def page_cache():
    return caches[settings.PEPTARA_PAGE_CACHE_ALIAS]


def publications_changed():
    """Invalidate every cached page once the current transaction commits."""
    # robust: the publication is committed either way; a failure is logged, not shown to the
    # reviewer as an error for an approval that happened.
    transaction.on_commit(_bump_epoch, robust=True)


def _bump_epoch():
    cache = page_cache()
    cache.add(EPOCH_KEY, 0, timeout=None)
    try:
        cache.incr(EPOCH_KEY)
    except ValueError:  # evicted between add and incr: a fresh epoch is just as new
        cache.set(EPOCH_KEY, 1, timeout=None)
