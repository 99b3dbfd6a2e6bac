from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """A per-process page cache cannot be invalidated in the other server processes."""
    if not settings.PEPTARA_PAGE_CACHE:
        return []
    backend = settings.CACHES[settings.PEPTARA_PAGE_CACHE_ALIAS]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The page cache uses per-process memory: a publication would invalidate it in one "
                "server process only, and the others would serve stale pages.",
                hint="Set CACHE_URL to a shared Redis server, or PEPTARA_PAGE_CACHE=0.",
                id="peptara.W001",
            )
        ]
    return []
