"""How stored decimals read on the page."""


def format_decimal(value, min_places=2):
    """Decimal('2.3900') -> '2.39', Decimal('1.1000') -> '1.10'; min_places=0: '30.000' -> '30'."""
    if value is None:
        return ""
    places = max(-value.normalize().as_tuple().exponent, 0)
    return f"{value:.{max(places, min_places)}f}"
