"""sitemap.xml with hreflang alternates, news-sitemap.xml and robots.txt."""

from .sitemap import register

__all__ = ["register"]
