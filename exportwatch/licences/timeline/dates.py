"""Dates shown only as precisely as the sources support them."""

from datetime import date

_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def event_date_label(event_date: date | None, precision: str) -> str:
    """'14 Jul 2025' for a day, 'Aug 2025' for a month, '2025' for a year, 'date unknown' otherwise."""
    if event_date is None or precision not in _FORMATS:
        return "date unknown"
    return event_date.strftime(_FORMATS[precision])
