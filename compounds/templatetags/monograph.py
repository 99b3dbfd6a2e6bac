"""Filters the public monograph templates use to print document values."""

import re

from django import template
from django.utils.safestring import mark_safe

from evidence.prose import ALLOWED_URL_SCHEMES, sanitise

register = template.Library()

# Browsers ignore leading whitespace and control characters and tabs or newlines inside a scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


@register.filter
def prose(html):
    """Document prose HTML, sanitised again before it is trusted (defence in depth)."""
    if not html:
        return ""
    return mark_safe(sanitise(str(html)))


@register.filter
def link_url(url):
    """The URL if it is a relative link or uses a scheme prose links may use, else ''.

    Guards the few hrefs taken from editor-typed settings (the sourcing link) in case a value
    reached the database without the model's validation.
    """
    url = str(url or "").strip()
    match = _SCHEME.match(_URL_NOISE.sub("", url).lower())
    if match:
        return url if match[1] in ALLOWED_URL_SCHEMES else ""
    # No scheme: only a path or fragment, never something a browser could read as one.
    return url if url.startswith(("/", "#")) and ":" not in url.split("/")[0] else ""
