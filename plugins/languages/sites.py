"""One `LanguageSite` per language: its URLs, texts and the content it lists.

The sites are built once per Pelican run from the LANGUAGES setting and kept in
the shared context as LANGUAGE_SITES, so every plugin and template sees the same
per-run objects (live reload builds new ones).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .dates import format_local_date

logger = logging.getLogger(__name__)

CALENDARS = ("gregorian", "buddhist")


class LanguageSettingsError(ValueError):
    """The LANGUAGES setting cannot describe a site."""


@dataclass
class Taxonomy:
    """A category, tag or author as listed in one language."""

    name: str
    slug: str
    url: str
    save_as: str
    articles: list = field(default_factory=list)


@dataclass
class LanguageSite:
    code: str
    name: str
    locale: str
    sitename: str
    description: str
    timezone: str
    prefix: str
    date_formats: dict
    calendar: str = "gregorian"
    articles: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    # Filled by the feeds plugin: {"rss": url, "atom": url} and per category slug.
    feeds: dict = field(default_factory=dict)
    category_feeds: dict = field(default_factory=dict)
    # gettext translations of the theme's interface text.
    catalog: object = None
    # Each story's date is shown on its page and on every list it is in:
    # formatted once per form (Babel: ~25 µs a call).
    _formatted_dates: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def home_url(self):
        """URL of the home page, relative to the site root ('' or 'th/')."""
        return self.prefix

    @property
    def home_link(self):
        """Link to the home page that also works from a folder on disk."""
        return self.prefix + "index.html"

    @cached_property
    def og_locale(self):
        """Open Graph locale, e.g. vi_VN, from CLDR's likely subtags."""
        likely = get_global("likely_subtags").get(self.locale, self.locale)
        parsed = Locale.parse(likely)
        if parsed.territory:
            return f"{parsed.language}_{parsed.territory}"
        return parsed.language

    def url(self, path):
        return self.prefix + path

    def format_date(self, value, form="long"):
        key = (value, form)
        if key not in self._formatted_dates:
            self._formatted_dates[key] = format_local_date(
                value,
                form,
                self.locale,
                self.timezone,
                self.date_formats,
                self.calendar,
            )
        return self._formatted_dates[key]

    def collect(self, articles, pages, settings):
        """Keep this language's published content, newest first, and its lists."""
        self.articles = sorted(
            (a for a in articles if a.lang == self.code),
            key=lambda a: (a.date, a.slug),
            reverse=True,
        )
        # "Newer stories" / "Older stories" on article pages, within the language.
        for newer, older in zip(self.articles, self.articles[1:], strict=False):
            older.newer_story, newer.older_story = newer, older
        self.pages = sorted(
            (p for p in pages if p.lang == self.code), key=lambda p: p.slug
        )
        self.categories = self._taxonomy(
            settings, "CATEGORY", lambda a: [a.category] if a.category else []
        )
        self.tags = self._taxonomy(settings, "TAG", lambda a: getattr(a, "tags", []))
        self.authors = self._taxonomy(
            settings, "AUTHOR", lambda a: getattr(a, "authors", [])
        )

    def _taxonomy(self, settings, kind, values_of):
        # Grouped by slug, which is what makes two sections or tags equal
        # (Pelican's __eq__ and __hash__ ask for it again on every lookup).
        grouped = defaultdict(list)
        first = {}
        for article in self.articles:
            for value in values_of(article):
                slug = value.slug
                first.setdefault(slug, value)
                grouped[slug].append(article)
        items = []
        for slug in sorted(grouped):
            value = first[slug]
            path = settings[f"{kind}_URL"].format(slug=slug)
            items.append(
                Taxonomy(
                    name=value.name,
                    slug=slug,
                    url=self.url(path),
                    save_as=self.url(path),
                    articles=grouped[slug],
                )
            )
        return items


def base_url(settings):
    """The site's absolute URL for feeds, sitemaps, cards and calendars.

    FEED_DOMAIN is set in both settings files (publishconf: = SITEURL), so it
    stays absolute even when the preview's page links are relative.
    """
    return (settings.get("FEED_DOMAIN") or "").rstrip("/")


def build_sites(settings):
    """LanguageSite objects from the LANGUAGES setting, default language first."""
    languages = settings.get("LANGUAGES") or {}
    default = settings["DEFAULT_LANG"]
    if default not in languages:
        raise LanguageSettingsError(
            f"LANGUAGES has no entry for DEFAULT_LANG {default!r}"
        )
    sites = {}
    for code in [default] + [c for c in languages if c != default]:
        sites[code] = _site_from_settings(code, languages[code], code == default)
    return sites


def _site_from_settings(code, conf, is_default):
    locale = conf.get("locale", code)
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError) as e:
        raise LanguageSettingsError(f"LANGUAGES[{code!r}]: bad locale: {e}") from e
    timezone = conf.get("timezone", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except ZoneInfoNotFoundError as e:
        raise LanguageSettingsError(
            f"LANGUAGES[{code!r}]: unknown timezone {timezone!r}"
        ) from e
    calendar = conf.get("calendar", "gregorian")
    if calendar not in CALENDARS:
        raise LanguageSettingsError(
            f"LANGUAGES[{code!r}]: calendar must be one of {CALENDARS}"
        )
    return LanguageSite(
        code=code,
        name=conf.get("name", code),
        locale=locale,
        sitename=conf.get("sitename", ""),
        description=conf.get("description", ""),
        timezone=timezone,
        prefix="" if is_default else f"{code}/",
        date_formats=dict(conf.get("date_formats", {})),
        calendar=calendar,
    )
