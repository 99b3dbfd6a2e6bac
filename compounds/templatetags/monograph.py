"""Filters the public monograph templates use to print document values."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import mark_safe

from evidence.numbers import format_decimal
from evidence.prose import sanitise

register = template.Library()


@register.filter
def prose(html):
    """Document prose HTML, sanitised again before it is trusted (defence in depth)."""
    if not html:
        return ""
    return mark_safe(sanitise(str(html)))


@register.filter
def estimate(value):
    """A document decimal string as the page prints numbers: '1.1' -> '1.10', '1E+1' -> '10.00'.

    The document stores normalised decimals, whose string form can be in exponent notation.
    """
    if value in (None, ""):
        return ""
    try:
        return format_decimal(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
