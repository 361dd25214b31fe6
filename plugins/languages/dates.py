"""Localized dates through Babel with explicit locales (never `setlocale`).

CLDR has no Buddhist-era formatting, so Thai years are converted here:
the Buddhist era is the Gregorian year + 543 (2024 -> 2567).
"""

import re
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, get_date_format

BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_NAME = "พ.ศ."

# A CLDR pattern alternates plain runs and 'quoted literals'.
_QUOTED_OR_PLAIN = re.compile(r"('(?:[^']|'')*')|([^']+)")
_YEAR_FIELD = re.compile(r"y+")
_ERA_FIELD = re.compile(r"G+")

NAMED_FORMATS = ("short", "medium", "long", "full")


def buddhist_pattern(pattern, year):
    """Rewrite a CLDR pattern so its year and era fields read Buddhist era."""
    be_year = str(year + BUDDHIST_ERA_OFFSET)

    def replace_fields(plain):
        plain = _YEAR_FIELD.sub(
            lambda m: f"'{be_year[-2:] if len(m.group()) == 2 else be_year}'",
            plain,
        )
        return _ERA_FIELD.sub(f"'{BUDDHIST_ERA_NAME}'", plain)

    parts = []
    for quoted, plain in _QUOTED_OR_PLAIN.findall(pattern):
        parts.append(quoted or replace_fields(plain))
    return "".join(parts)


def _pattern_for(form, locale, date_formats):
    """A named form ('short', 'long', ...) from settings or from CLDR."""
    if form in date_formats:
        return date_formats[form]
    if form in NAMED_FORMATS:
        return get_date_format(form, locale=locale).pattern
    return form  # already a CLDR pattern


@lru_cache(maxsize=64)
def parse_locale(identifier):
    """Babel parses a locale on every call; a site formats thousands of dates."""
    return Locale.parse(identifier)


@lru_cache(maxsize=16)
def _zone(name):
    return ZoneInfo(name)


def localize(value, timezone):
    """The datetime in the reader's zone; dates pass through unchanged."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(_zone(timezone))
    return value


def format_local_date(
    value, form, locale, timezone, date_formats=None, calendar="gregorian"
):
    """Format `value` for a reader of `locale`.

    `form` is a name ('short', 'long', a key of `date_formats`) or a CLDR
    pattern. With `calendar="buddhist"` years are shown in the Buddhist era.
    """
    value = localize(value, timezone)
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    pattern = _pattern_for(form, locale, date_formats or {})
    if calendar == "buddhist":
        pattern = buddhist_pattern(pattern, value.year)
    if isinstance(value, datetime):
        return format_datetime(value, pattern, locale=locale)
    if isinstance(value, date):
        return format_date(value, pattern, locale=locale)
    raise TypeError(f"not a date: {value!r}")
