"""RSS 2.0 and Atom per language, and per category per language, with feedgen.

Each feed holds only its language, absolute URLs, full content and zone-aware
dates; a featured image becomes an enclosure.
"""

import logging
import mimetypes
import os
from html import escape as html_escape

import lxml.html
from feedgen.feed import FeedGenerator
from languages.sites import base_url
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from video_embeds.providers import absolute_url

from . import atom_links

logger = logging.getLogger(__name__)

FORMATS = ("rss", "atom")


def absolute_html(html, page_url):
    """`html` with every relative link and image made absolute to `page_url`."""
    if not html or not html.strip():
        return html or ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(page_url, resolve_base_href=False)
    return html_escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )


class FeedsGenerator(Generator):
    """Writes `{lang}/feeds/all.{rss,atom}.xml` and per category feeds."""

    def generate_context(self):
        self.base_url = base_url(self.settings)
        if not self.base_url:
            logger.warning("feeds: FEED_DOMAIN is not set, feeds are not written")
            return
        for site in self.context["LANGUAGE_SITES"].values():
            site.feeds = {fmt: site.url(f"feeds/all.{fmt}.xml") for fmt in FORMATS}
            if getattr(site, "videos", None):
                site.video_feeds = {
                    fmt: site.url(f"feeds/videos.{fmt}.xml") for fmt in FORMATS
                }
            if self.settings.get("FEEDS_CATEGORIES", True):
                site.category_feeds = {
                    category.slug: {
                        fmt: site.url(f"feeds/{category.slug}.{fmt}.xml")
                        for fmt in FORMATS
                    }
                    for category in site.categories
                }

    def generate_output(self, writer):
        if not self.base_url:
            return
        limit = self.settings.get("FEEDS_MAX_ITEMS", 30)
        for site in self.context["LANGUAGE_SITES"].values():
            self._write(site, site.feeds, site.sitename, site.articles[:limit])
            if getattr(site, "video_feeds", None):
                title = f"{site.sitename}: video"
                self._write(site, site.video_feeds, title, site.videos[:limit])
            for category in site.categories:
                urls = site.category_feeds.get(category.slug)
                if urls:
                    title = f"{site.sitename}: {category.name}"
                    self._write(site, urls, title, category.articles[:limit])

    def _write(self, site, urls, title, articles):
        for fmt in FORMATS:
            feed = self._feed(site, urls[fmt], title, articles)
            path = os.path.join(self.output_path, urls[fmt])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if fmt == "rss":
                feed.rss_file(path, pretty=False)
            else:
                feed.atom_file(path, pretty=False)
            logger.info('Writing "%s"', path)

    def _feed(self, site, self_url, title, articles):
        home = f"{self.base_url}/{site.home_url}"
        fg = FeedGenerator()
        atom_links.register(fg)
        fg.load_extension("media")
        fg.id(f"{self.base_url}/{self_url}")
        fg.title(title)
        fg.subtitle(site.description or title)
        fg.language(site.code)
        fg.link(href=home, rel="alternate")
        fg.link(href=f"{self.base_url}/{self_url}", rel="self")
        fg.generator("Loa")
        # An empty feed is as old as the build, so output stays reproducible.
        fg.updated(max((_updated(a) for a in articles), default=self.context["NOW"]))
        # feedgen prepends entries: add oldest first so the newest leads.
        for article in reversed(articles):
            self._entry(fg.add_entry(), article)
        return fg

    def _entry(self, entry, article):
        url = f"{self.base_url}/{article.url}"
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(article.title)
        entry.link(href=url, rel="alternate")
        entry.published(article.date)
        entry.updated(_updated(article))
        summary = Markup(getattr(article, "summary", "") or "").striptags()
        if summary:
            entry.description(summary)
        content = absolute_html(article.get_content(self.base_url), url)
        entry.content(content, type="html")
        for author in getattr(article, "authors", []):
            entry.author(name=author.name)
        if getattr(article, "category", None):
            entry.category(term=article.category.name)
        links = [{"href": url, "rel": "alternate", "type": "text/html"}]
        image = getattr(article, "image", None)
        if image:
            enclosure = self._enclosure(image)
            entry.enclosure(enclosure["href"], enclosure["length"], enclosure["type"])
            links.append(enclosure)
        getattr(entry, atom_links.NAMESPACE).links(links)
        video = getattr(article, "main_video", None)
        if video is not None:
            self._media(entry, video)

    def _media(self, entry, video):
        """Media RSS for a video story: the video and its thumbnail."""
        url = absolute_url(video.url, self.base_url)
        entry.media.content(url=url, medium="video")
        if video.thumbnail:
            entry.media.thumbnail(url=video.thumbnail)

    def _enclosure(self, image):
        path = os.path.join(self.settings["PATH"], image)
        return {
            "href": f"{self.base_url}/{image}",
            "rel": "enclosure",
            "type": mimetypes.guess_type(image)[0] or "application/octet-stream",
            "length": str(os.path.getsize(path)) if os.path.exists(path) else "0",
        }


def _updated(article):
    return getattr(article, "modified", None) or article.date


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
