"""The Jinja2 environment of the public site: fast to render, autoescaped, no database access.

Public pages render frozen monograph documents on every uncached request, so they use Jinja2
(several times faster than Django templates on a page this size); the admin keeps Django's.
"""

import functools
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
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


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


@functools.lru_cache
def _monograph_url_pattern(script_prefix):
    return reverse("compounds:monograph", args=["slug-placeholder"])


def monograph_url(slug):
    """reverse('compounds:monograph') for lists of hundreds of monographs, at a fraction of the
    cost: the URL is reversed once and the slug substituted."""
    return _monograph_url_pattern(get_script_prefix()).replace("slug-placeholder", slug)


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


def environment(**options):
    env = Environment(**options)
    env.globals.update(static=static, url=url, absolute=absolute, monograph_url=monograph_url)
    env.filters.update(
        prose=prose,
        link_url=link_url,
        date=date,
        number=number,
        capfirst=capfirst,
        linebreaks=lambda text: Markup(linebreaks(text, autoescape=True)),
    )
    return env
