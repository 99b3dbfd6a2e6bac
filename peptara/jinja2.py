"""The Jinja2 environment of the public site: fast to render, autoescaped, no database access.

Public pages render frozen monograph documents on every uncached request, so they use Jinja2
(several times faster than Django templates on a page this size); the admin keeps Django's.
"""

import functools
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.html import linebreaks
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from jinja2 import Environment
from markupsafe import Markup

from evidence.prose import ALLOWED_URL_SCHEMES

# Browsers ignore leading whitespace and control characters and tabs or newlines inside a scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def url(name, *args):
    """reverse(), remembered: pages link the same views over and over (the index once per
    monograph), and what reverse() answers cannot change while the URLconf does not."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


@functools.lru_cache(maxsize=8192)
def _reverse(script_prefix, urlconf, name, args):
    return reverse(name, urlconf=urlconf, args=args)


def absolute(path):
    """The public address of a site path (for canonical links, feeds and structured data)."""
    return settings.SITE_URL + path


def prose(html):
    """Document prose HTML, trusted because build_monograph() sanitised it with nh3."""
    return Markup(html or "")


def link_url(value):
    """The URL if it is a relative link or uses a scheme prose links may use, else ''.

    Guards the few hrefs taken from editor-typed settings (the sourcing link) in case a value
    reached the database without the model's validation.
    """
    value = str(value or "").strip()
    match = _SCHEME.match(_URL_NOISE.sub("", value).lower())
    if match:
        return value if match[1] in ALLOWED_URL_SCHEMES else ""
    # No scheme: only a path or fragment, never something a browser could read as one.
    return value if value.startswith(("/", "#")) and ":" not in value.split("/")[0] else ""


def date(value, format_string):
    """Django's date formatting ("j F Y"), in the site's time zone."""
    return dateformat.format(template_localtime(value), format_string) if value else ""


def number(value):
    """12345 -> '12,345'."""
    return f"{value:,}"


class _DocumentEnvironment(Environment):
    """Looks `monograph.compound.name` up as keys first: templates read documents, which are
    dicts, and Jinja2 would try (and fail) an attribute on each one before the key."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options):
    env = _DocumentEnvironment(**options)
    env.globals.update(static=static, url=url, absolute=absolute)
    env.filters.update(
        prose=prose,
        link_url=link_url,
        date=date,
        number=number,
        capfirst=capfirst,
        linebreaks=lambda text: Markup(linebreaks(text, autoescape=True)),
    )
    return env
