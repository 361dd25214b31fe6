"""Writes sitemap.xml (with xhtml:link hreflang alternates), news-sitemap.xml
(the last two days of articles) and robots.txt pointing to both.
"""

import logging
import os
from datetime import timedelta

from languages.helpers import translations_by_lang
from languages.sites import base_url
from lxml import etree
from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = timedelta(days=2)


class SitemapGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        base = base_url(self.settings)
        if not base:
            logger.warning("sitemap: FEED_DOMAIN is not set, sitemap not written")
            return
        sites = self.context["LANGUAGE_SITES"]
        self._write_xml("sitemap.xml", self._sitemap(base, sites))
        self._write_xml("news-sitemap.xml", self._news_sitemap(base, sites))
        robots = (
            "User-agent: *\nAllow: /\n\n"
            f"Sitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n"
        )
        with open(os.path.join(self.output_path, "robots.txt"), "w") as f:
            f.write(robots)

    def _sitemap(self, base, sites):
        urlset = etree.Element(
            f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS}
        )
        homes = [(code, site.home_url) for code, site in sites.items()]
        for site in sites.values():
            newest = site.articles[0].date if site.articles else None
            self._url(urlset, base, site.home_url, newest, homes)
            for item in site.articles + site.pages:
                alternates = [
                    (code, content.url)
                    for code, content in translations_by_lang(item).items()
                    if code in sites
                ]
                modified = getattr(item, "modified", None) or getattr(
                    item, "date", None
                )
                self._url(urlset, base, item.url, modified, alternates)
            for taxonomy in site.categories + site.tags + site.authors:
                self._url(urlset, base, taxonomy.url, taxonomy.articles[0].date, [])
        return urlset

    def _url(self, urlset, base, path, modified, alternates):
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = f"{base}/{path}"
        if modified is not None:
            etree.SubElement(
                url, f"{{{SITEMAP_NS}}}lastmod"
            ).text = modified.isoformat()
        if len(alternates) > 1:
            for code, alt_path in sorted(alternates):
                etree.SubElement(
                    url,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=code,
                    href=f"{base}/{alt_path}",
                )

    def _news_sitemap(self, base, sites):
        urlset = etree.Element(
            f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS}
        )
        now = self.context["NOW"]
        for site in sites.values():
            for article in site.articles:
                if not (now - NEWS_WINDOW <= article.date <= now):
                    continue
                url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
                etree.SubElement(
                    url, f"{{{SITEMAP_NS}}}loc"
                ).text = f"{base}/{article.url}"
                news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
                publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
                etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = site.sitename
                etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = site.code
                etree.SubElement(
                    news, f"{{{NEWS_NS}}}publication_date"
                ).text = article.date.isoformat()
                etree.SubElement(news, f"{{{NEWS_NS}}}title").text = article.title
        return urlset

    def _write_xml(self, name, root):
        path = os.path.join(self.output_path, name)
        etree.ElementTree(root).write(
            path, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        logger.info('Writing "%s"', path)


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.get_generators.connect(get_generators)
